package io.zdbc.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The Flight bundle in the framework: configured through Config Admin it serves a configured
 * database and registers its endpoint; updated, it stops listening on the old port, leaves no
 * server thread of the old revision behind, and listens again. Update cycles:
 * -Dzdbc.itest.flight.updates (default 3).
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class FlightServerBundleTest {
    private static final Duration WAIT = Duration.ofMillis(Timeouts.SERVICE_MS);
    private static final String ENDPOINT = "io.zdbc.flight.FlightEndpoint";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = Timeouts.SERVICE_MS)
    ConfigurationAdmin config;

    @TempDir
    Path dir;

    /**
     * The registered endpoint's URI, read reflectively: importing the endpoint's package would wire
     * this bundle to the Flight bundle, and refreshing that bundle would then restart this one.
     */
    private URI endpoint() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences(ENDPOINT, null);
        if (refs == null) {
            return null;
        }
        Object e = context.getService(refs[0]);
        try {
            return e == null ? null : (URI) e.getClass().getMethod("location").invoke(e);
        } finally {
            context.ungetService(refs[0]);
        }
    }

    private static boolean listening(URI u) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("zdbc-flight-accept"))
                .count();
    }

    @Test
    void configuredServerListensAndAnUpdateMovesItWithoutLeftovers() throws Exception {
        FlightConfigs configs = FlightConfigs.create(config, "flt", dir.resolve("flt.db"), 0);
        try {
            Collection<ServiceReference<Database>> dbs = await().atMost(WAIT)
                    .until(() -> context.getServiceReferences(Database.class, "(name=flt)"), c -> !c.isEmpty());
            Database flt = context.getService(dbs.iterator().next());
            flt.write("t", Batch.builder().i64("n", 1, 2, 3).build());
            context.ungetService(dbs.iterator().next());

            URI first = await().atMost(WAIT).until(this::endpoint, u -> u != null && listening(u));
            assertTrue(first.getPort() > 0, first.toString());
            await().atMost(WAIT).until(FlightServerBundleTest::serverThreads, n -> n == 1);

            Bundle flight = Bundles.bundle(context, "io.zdbc.flight");
            URI previous = first;
            for (int i = 0; i < Integer.getInteger("zdbc.itest.flight.updates", 3); i++) {
                Bundles.updateAndRefresh(context, flight);
                URI before = previous;
                // The new revision's component may be activated more than once while the refresh settles.
                URI now =
                        await().atMost(WAIT).until(this::endpoint, u -> u != null && !u.equals(before) && listening(u));
                assertFalse(listening(before), before + " still accepts connections after the update");
                await().atMost(WAIT).until(FlightServerBundleTest::serverThreads, n -> n == 1);
                previous = now;
            }
        } finally {
            configs.server().delete();
            configs.database().delete();
        }
        await().atMost(WAIT).until(() -> endpoint() == null && serverThreads() == 0);
        assertEquals(null, context.getServiceReferences(ENDPOINT, null));
    }
}
