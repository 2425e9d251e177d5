package io.zdbc.cli.osgi;

import io.zdbc.cli.Main;
import io.zdbc.cli.launch.LauncherMainThread;
import java.io.File;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The executable jar's main program ({@code features/zdbc-cli.bndrun}). The bnd launcher
 * starts the framework and all bundles, then calls the {@code Callable<Integer>} registered
 * with {@code main.thread=true} on its main thread, stops the framework and exits with the
 * returned code. This component registers that Callable only when the framework property
 * {@value #MAIN_PROPERTY} is true, so other assemblies (the integration tests, whose tester
 * owns the main thread) can include the bundle.
 *
 * <p>The command line is the launcher's: its service carries the property
 * {@code launcher.arguments} (a String[]). {@code shell [script]} opens the Gogo shell
 * ({@link ShellConsole}); anything else is one CLI command.
 */
@Component(
        service = {},
        immediate = true)
public final class CliMain {
    static final String MAIN_PROPERTY = "zdbc.cli.main";
    /** Framework property: the plugins directory FileInstall watches. */
    static final String PLUGINS_PROPERTY = "zdbc.plugins";

    /** The start level of the SIMD kernels in zdbc-cli.bndrun: entered only where they can resolve. */
    static final int SIMD_START_LEVEL = 2;
    /** The start level of the connectors in zdbc-cli.bndrun: entered when a command asks for one. */
    static final int CONNECTOR_START_LEVEL = 3;
    /** The start level of Gogo in zdbc-cli.bndrun: entered by {@code zdbc shell} only. */
    static final int SHELL_START_LEVEL = 4;

    private final LauncherMainThread main;

    @Activate
    public CliMain(BundleContext context) {
        if (!Boolean.parseBoolean(context.getProperty(MAIN_PROPERTY))) {
            main = null;
            return;
        }
        String plugins = context.getProperty(PLUGINS_PROPERTY);
        if (plugins != null) {
            new File(plugins).mkdirs(); // FileInstall watches it (and notices it appear) but does not create it
        }
        main = LauncherMainThread.register(context, new MainThread(context));
    }

    @Deactivate
    void deactivate() {
        if (main != null) {
            main.close();
        }
    }

    /**
     * The start level a command starts at: the shell's (Gogo and the connectors) for {@code
     * shell}; the SIMD kernels' when this JVM has the Vector API ({@code --add-modules
     * jdk.incubator.vector}: Felix then exports the package); else the beginning level. The
     * connectors' level is entered later, when a command asks for a connector ({@link OsgiServices}).
     */
    static int commandLevel(boolean shell) {
        return shell ? SHELL_START_LEVEL : vector() ? SIMD_START_LEVEL : 1;
    }

    private static boolean vector() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * Raises the framework to {@code level} (never lowers it). Without the Vector API the SIMD
     * kernels cannot resolve, so they are first moved above every level a command enters (Felix
     * would log their resolution error). Returns a latch that opens when the level is reached.
     */
    static CountDownLatch startLevel(BundleContext context, int level) {
        CountDownLatch done = new CountDownLatch(1);
        FrameworkStartLevel fsl = context.getBundle(0).adapt(FrameworkStartLevel.class);
        if (fsl == null || fsl.getStartLevel() >= level) {
            done.countDown();
            return done;
        }
        if (level > SIMD_START_LEVEL && !vector()) {
            for (Bundle b : context.getBundles()) {
                BundleStartLevel bsl = b.adapt(BundleStartLevel.class);
                if (bsl != null && bsl.getStartLevel() == SIMD_START_LEVEL) {
                    bsl.setStartLevel(SHELL_START_LEVEL + 1);
                }
            }
        }
        fsl.setStartLevel(level, event -> done.countDown());
        return done;
    }

    /** One command, or the shell, on the launcher's main thread. */
    static final class MainThread implements Callable<Integer> {
        private final BundleContext context;

        MainThread(BundleContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws InterruptedException {
            String[] args = LauncherMainThread.arguments(context);
            boolean timing = Boolean.parseBoolean(context.getProperty("zdbc.timing"));
            if (timing) {
                System.err.println("zdbc: framework up, main thread called at " + sinceStart() + " ms");
            }
            // Here, not in activate: the launcher sets the beginning start level after starting the bundles.
            boolean shell = args.length > 0 && args[0].equals("shell");
            startLevel(context, commandLevel(shell)).await(OsgiServices.timeout(context), TimeUnit.MILLISECONDS);
            PrintWriter out = new PrintWriter(System.out, true);
            PrintWriter err = new PrintWriter(System.err, true);
            try {
                if (shell) {
                    return ShellConsole.run(context, Arrays.copyOfRange(args, 1, args.length), err);
                }
                awaitPlugins(context, err);
                int code = Main.run(args, out, err);
                if (timing) {
                    err.println("zdbc: command done at " + sinceStart() + " ms");
                }
                return code;
            } catch (LinkageError e) {
                err.println("zdbc: " + e); // e.g. the shell without org.apache.felix.gogo.runtime
                return 1;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }

    /** Milliseconds since the JVM started (-Dzdbc.timing=true prints start-up phases). */
    static long sinceStart() {
        return ProcessHandle.current()
                .info()
                .startInstant()
                .map(t -> Duration.between(t, Instant.now()).toMillis())
                .orElse(-1L);
    }

    /**
     * Waits (at most zdbc.service.timeout) until every jar in the plugins directory is an active
     * bundle: FileInstall installs them on its own thread right after the framework starts, and a
     * command such as {@code import x.parquet} needs the connector a plugin provides. An empty
     * directory costs nothing.
     */
    static void awaitPlugins(BundleContext context, PrintWriter err) {
        String dir = context.getProperty(PLUGINS_PROPERTY);
        File[] jars = dir == null ? null : new File(dir).listFiles((d, n) -> n.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            return;
        }
        long deadline = System.nanoTime() + OsgiServices.timeout(context) * 1_000_000L;
        List<String> waiting = new ArrayList<>();
        while (true) {
            waiting.clear();
            for (File jar : jars) {
                if (!active(context, jar)) {
                    waiting.add(jar.getName());
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                err.println("zdbc: warning: plugin(s) not started: " + waiting + " in " + dir
                        + " (not OSGi bundles, or missing what they import?)");
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean active(BundleContext context, File jar) {
        String name = "/" + jar.getName();
        for (Bundle b : context.getBundles()) {
            String location = b.getLocation();
            if (location != null && location.endsWith(name)) {
                return b.getState() == Bundle.ACTIVE;
            }
        }
        return false;
    }
}
