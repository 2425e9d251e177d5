package io.zdbc.flight.impl;

import io.zdbc.api.Database;
import io.zdbc.api.DatabaseService;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.ZdbcException;
import io.zdbc.cli.launch.LauncherMainThread;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The main program of the server feature ({@code features/zdbc-server.bndrun}, {@code ./zdbc
 * serve}). When the framework property {@value #MAIN_PROPERTY} is true it registers the bnd
 * launcher's main thread ({@code Callable<Integer>}, {@code main.thread=true}): that thread opens
 * the databases named on the command line, starts a Flight server, prints its URI and waits. Stopping
 * the framework (SIGTERM, Ctrl-C: the launcher stops it from its shutdown hook) deactivates this
 * component, which ends the wait; the server and the databases are closed in that order, so a
 * running upload either commits whole or not at all.
 */
@Component(
        service = {},
        immediate = true)
public final class ServeMain {
    static final String MAIN_PROPERTY = "zdbc.server.main";

    private final BundleContext context;
    private final DatabaseService databases;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final LauncherMainThread main;

    @Activate
    public ServeMain(BundleContext context, @Reference DatabaseService databases) {
        this.context = context;
        this.databases = databases;
        main = Boolean.parseBoolean(context.getProperty(MAIN_PROPERTY))
                ? LauncherMainThread.register(context, this::serve)
                : null;
    }

    /** Ends the wait and lets the main thread close the server and databases before the engine stops. */
    @Deactivate
    void deactivate() {
        if (main != null) {
            if (main.registered()) {
                stopAndWait();
            }
            main.close();
        }
    }

    /** The launcher's main thread: returns the exit code. */
    Integer serve() {
        try {
            return serveUntilStopped();
        } finally {
            closed.countDown();
        }
    }

    private int serveUntilStopped() {
        List<String> args = Arrays.asList(LauncherMainThread.arguments(context));
        if (!args.isEmpty() && args.get(0).equals("serve")) {
            args = args.subList(1, args.size());
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (args.contains("--help") || args.contains("-h")) {
            out.println(ServeArguments.USAGE);
            return 0;
        }
        ServeArguments a;
        try {
            a = ServeArguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("zdbc: " + e.getMessage());
            err.println(ServeArguments.USAGE);
            return 2;
        }
        Map<String, Database> open = new LinkedHashMap<>();
        try {
            for (Path p : a.databases()) {
                if (!Files.exists(p)) {
                    throw new ZdbcException("no database at " + p + " (registry file not found)");
                }
                String name = p.getFileName().toString();
                if (open.containsKey(name)) {
                    throw new ZdbcException("two databases are named '" + name + "'; serve them from separate servers");
                }
                open.put(name, databases.open(p, OpenOptions.defaults().withCreateIfMissing(false)));
            }
            ServerSettings settings = ServerSettings.defaults(a.host(), a.port());
            try (ZdbcFlightServer server = ZdbcFlightServer.start(
                    open,
                    settings,
                    a.security(),
                    context.getBundle().getVersion().toString())) {
                out.println("zdbc: serving " + String.join(", ", open.keySet()) + " at " + server.location()
                        + " (Arrow Flight and Flight SQL; Ctrl-C stops)");
                out.flush();
                Thread hook = new Thread(this::stopAndWait, "zdbc-serve-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                stop.await();
                out.println("zdbc: stopping");
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is what woke us
                }
            }
            return 0;
        } catch (ZdbcException e) {
            err.println("zdbc: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            for (Database db : open.values()) {
                db.close();
            }
        }
    }

    /**
     * Ends the main thread's wait and waits (bounded) until it has closed the server and the
     * databases: on SIGTERM/Ctrl-C (a shutdown hook) and when the framework stops this component.
     */
    private void stopAndWait() {
        stop.countDown();
        try {
            closed.await(ZdbcFlightServer.GRACE_MILLIS * 3, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
