package io.zdbc.cli.launch;

import java.util.Hashtable;
import java.util.concurrent.Callable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * The bnd launcher's main thread for an executable jar ({@code ./zdbc}, {@code ./zdbc serve}):
 * the launcher starts the framework, then calls the {@code Callable<Integer>} registered with
 * {@code main.thread=true} on its main thread and exits with the returned code. The launcher
 * listens for that service only from some point of its start-up on (with a kept bundle cache
 * the bundles start before that); it marks its own service {@code launcher.ready=true} just
 * before it waits, so the Callable is registered then.
 *
 * <p>This package is not exported: each bundle that owns a main program includes it privately.
 */
public final class LauncherMainThread implements AutoCloseable {
    private static final String READY = "(launcher.ready=true)";

    private final BundleContext context;
    private final Callable<Integer> main;
    private final ServiceListener whenReady;
    private ServiceRegistration<?> registration;

    private LauncherMainThread(BundleContext context, Callable<Integer> main) {
        this.context = context;
        this.main = main;
        this.whenReady = event -> {
            if (event.getType() != ServiceEvent.UNREGISTERING) {
                register();
            }
        };
    }

    /** Registers {@code main} as the launcher's main thread as soon as the launcher is ready. */
    public static LauncherMainThread register(BundleContext context, Callable<Integer> main) {
        LauncherMainThread t = new LauncherMainThread(context, main);
        try {
            context.addServiceListener(t.whenReady, READY);
            if (context.getServiceReferences((String) null, READY) != null) {
                t.register();
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return t;
    }

    private synchronized void register() {
        if (registration == null) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("main.thread", Boolean.TRUE.toString());
            registration = context.registerService(Callable.class.getName(), new MainThread(main), props);
        }
    }

    /** True once the Callable is registered (the launcher will call it). */
    public synchronized boolean registered() {
        return registration != null;
    }

    /** Stops listening and withdraws the Callable. */
    @Override
    public void close() {
        context.removeServiceListener(whenReady);
        ServiceRegistration<?> r;
        synchronized (this) {
            r = registration;
        }
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework is stopping
            }
        }
    }

    /** The command line the launcher got, or none. */
    public static String[] arguments(BundleContext context) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(launcher.arguments=*)");
            if (refs != null) {
                Object a = refs[0].getProperty("launcher.arguments");
                if (a instanceof String[]) {
                    return (String[]) a;
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return new String[0];
    }

    /** The launcher checks that {@code call()} is declared to return Integer (a lambda's is Object). */
    private static final class MainThread implements Callable<Integer> {
        private final Callable<Integer> main;

        MainThread(Callable<Integer> main) {
            this.main = main;
        }

        @Override
        public Integer call() throws Exception {
            return main.call();
        }
    }
}
