package io.zdbc.cli.osgi;

import io.zdbc.api.DatabaseService;
import io.zdbc.api.ZdbcException;
import io.zdbc.cli.Services;
import io.zdbc.spi.Connector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * Inside a framework the CLI's commands get the database service and the connectors from the
 * service registry: this component tracks them and installs itself as {@link Services}' lookup.
 * Connectors come and go (plugins dropped into or removed from the plugins directory); every
 * command sees the ones registered when it runs.
 */
@Component(
        service = {},
        immediate = true)
public final class OsgiServices implements Services.Lookup {
    /** Framework property: how long (ms) a command waits for the DatabaseService. */
    static final String TIMEOUT_PROPERTY = "zdbc.service.timeout";

    private final BundleContext context;
    /** Tracks references only: getting the service would activate the engine (and Chronicle) at start-up. */
    private final ServiceTracker<DatabaseService, ServiceReference<DatabaseService>> databases;

    private final long timeoutMs;

    @Activate
    public OsgiServices(BundleContext context) {
        this.context = context;
        timeoutMs = timeout(context);
        databases = new ServiceTracker<>(
                context,
                DatabaseService.class,
                new ServiceTrackerCustomizer<DatabaseService, ServiceReference<DatabaseService>>() {
                    @Override
                    public ServiceReference<DatabaseService> addingService(ServiceReference<DatabaseService> r) {
                        return r;
                    }

                    @Override
                    public void modifiedService(
                            ServiceReference<DatabaseService> r, ServiceReference<DatabaseService> s) {}

                    @Override
                    public void removedService(
                            ServiceReference<DatabaseService> r, ServiceReference<DatabaseService> s) {}
                });
        databases.open();
        Services.use(this);
    }

    static long timeout(BundleContext context) {
        String t = context.getProperty(TIMEOUT_PROPERTY);
        try {
            return t == null ? 5000 : Long.parseLong(t.trim());
        } catch (NumberFormatException e) {
            return 5000;
        }
    }

    @Deactivate
    void deactivate() {
        Services.release(this);
        databases.close();
    }

    @Override
    public DatabaseService databases() {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                ServiceReference<DatabaseService> ref = databases.waitForService(Math.max(1, left));
                DatabaseService s = ref == null ? null : context.getService(ref);
                if (s != null) {
                    return s;
                }
                if (left <= 0) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new ZdbcException("no database service: " + DatabaseService.class.getName()
                + " was not registered within " + timeoutMs + " ms (the bundle io.zdbc.engine must be active,"
                + " with a StorageFormat and a ColumnIO service; -D" + TIMEOUT_PROPERTY + "=<ms> waits longer)");
    }

    @Override
    public List<Connector> connectors() {
        if (Boolean.parseBoolean(context.getProperty(CliMain.MAIN_PROPERTY))) {
            // The one-shot launch starts the connectors only now, for the command that asks.
            try {
                CliMain.startLevel(context, CliMain.CONNECTOR_START_LEVEL).await(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<ServiceReference<Connector>> refs;
        try {
            refs = new ArrayList<>(context.getServiceReferences(Connector.class, null));
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        Collections.sort(refs, Collections.reverseOrder()); // highest ranking first
        List<Connector> list = new ArrayList<>();
        for (ServiceReference<Connector> r : refs) {
            Connector c = context.getService(r);
            if (c != null) {
                list.add(c);
            }
        }
        return list;
    }
}
