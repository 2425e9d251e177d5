package io.zdbc.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.api.DatabaseService;
import io.zdbc.api.TableSnapshot;
import io.zdbc.spi.Connector;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * A third-party plugin dropped into the directory Apache Felix FileInstall watches (the shell's
 * {@code plugins/}) becomes a working connector without a restart, and deleting the jar removes it
 * cleanly: no bundle, no service, no class loader pending removal.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class PluginDropInTest {
    /** The example plugin's bundle symbolic name and format (examples/zdbc-plugin-jsonl). */
    static final String BSN = "io.zdbc.example.jsonl";

    static final String FILTER = "(" + Connector.FORMAT_PROPERTY + "=jsonl)";
    /** FileInstall polls every 200 ms (test.bndrun); installing and starting takes well under this. */
    static final Duration WAIT = Duration.ofSeconds(30);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = Timeouts.SERVICE_MS)
    DatabaseService service;

    @TempDir
    Path dir;

    @Test
    void droppedInPluginWorksAndDeletingItsJarRemovesItCleanly() throws Exception {
        Path watched = Path.of(property("felix.fileinstall.dir"));
        Path jar = Path.of(property("zdbc.itest.plugin.jar"));
        assertTrue(Files.isRegularFile(jar), "the example plugin was built: " + jar);
        assertEquals(Bundle.ACTIVE, bundle("org.apache.felix.fileinstall").getState(), "FileInstall runs");
        assertNull(bundle(BSN), "the plugin is not installed before the drop");
        assertNull(connector(), "no jsonl connector before the drop");

        // Copy next to the watched directory, then move in: FileInstall never sees a partial jar.
        Files.createDirectories(watched);
        Path staged = dir.resolve("zdbc-plugin-jsonl.jar");
        Files.copy(jar, staged);
        Path dropped = watched.resolve("zdbc-plugin-jsonl.jar");
        Files.move(staged, dropped, StandardCopyOption.ATOMIC_MOVE);
        try {
            await().atMost(WAIT).until(() -> connector() != null);
            Bundle plugin = bundle(BSN);
            assertNotNull(plugin);
            assertEquals(Bundle.ACTIVE, plugin.getState());
            ServiceReference<Connector> ref = connector();
            assertEquals(BSN, ref.getBundle().getSymbolicName(), "registered by the plugin");
            Connector jsonl = context.getService(ref);
            try {
                assertEquals("jsonl", jsonl.format());
                roundTrip(jsonl);
            } finally {
                context.ungetService(ref);
            }
        } finally {
            Files.deleteIfExists(dropped);
        }

        await().atMost(WAIT).until(() -> connector() == null && bundle(BSN) == null);
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        // FileInstall refreshes after an uninstall: the old class loader goes once nothing uses it.
        await().atMost(WAIT)
                .until(() ->
                        wiring.getRemovalPendingBundles().stream().noneMatch(b -> BSN.equals(b.getSymbolicName())));
        assertNull(bundle(BSN), "no bundle of the plugin, in any state");
        assertNull(connector(), "no jsonl connector service");
        assertFalse(
                Arrays.stream(context.getBundles())
                        .anyMatch(b -> b.getLocation().contains("zdbc-plugin-jsonl")),
                "no bundle installed from the jar's location");
        assertTrue(FrameworkUtil.getBundle(getClass()).getState() == Bundle.ACTIVE);
    }

    /** A table out to JSON lines and back in through the plugin's connector. */
    private void roundTrip(Connector jsonl) throws Exception {
        try (Database db = service.open(dir.resolve("plugin.db"))) {
            db.write(
                    "trades",
                    Batch.builder()
                            .i64("id", 1, 2, 3)
                            .str("sym", "AAPL", "MSFT", "IBM")
                            .f64("price", 150.25, 300.5, Double.NaN)
                            .build());
            Path out = dir.resolve("trades.jsonl");
            TransferReport exported = jsonl.exportTable(db, "trades", out, TransferOptions.defaults());
            assertEquals(3, exported.rows());
            assertEquals(
                    "{\"id\":1,\"sym\":\"AAPL\",\"price\":150.25}",
                    Files.readAllLines(out).get(0));

            TransferReport imported = jsonl.importFile(out, db, "copy", TransferOptions.defaults());
            assertEquals(3, imported.rows());
            assertEquals(1, imported.nulls(), "NaN is written as null and read back as NaN");
            try (TableSnapshot a = db.read("trades");
                    TableSnapshot b = db.read("copy")) {
                assertEquals(a.columns().size(), b.columns().size());
                assertTrue(Arrays.equals(
                        a.column("id").toLongArray(), b.column("id").toLongArray()));
                assertTrue(Arrays.equals(
                        a.column("sym").toStringArray(), b.column("sym").toStringArray()));
                assertTrue(Arrays.equals(
                        a.column("price").toDoubleArray(), b.column("price").toDoubleArray()));
            }
        }
    }

    private String property(String key) {
        String v = context.getProperty(key);
        assertNotNull(v, "framework property " + key + " (set in test.bndrun)");
        return v;
    }

    private ServiceReference<Connector> connector() throws Exception {
        Collection<ServiceReference<Connector>> refs = context.getServiceReferences(Connector.class, FILTER);
        return refs.isEmpty() ? null : refs.iterator().next();
    }

    private Bundle bundle(String bsn) {
        return Arrays.stream(context.getBundles())
                .filter(b -> bsn.equals(b.getSymbolicName()))
                .findFirst()
                .orElse(null);
    }
}
