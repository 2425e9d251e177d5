package io.zdbc.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Databases from Config Admin: one factory configuration (PID io.zdbc.database) per database,
 * each a Database service; a changed configuration reopens it in place, without a restart.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class ConfiguredDatabaseTest {
    private static final Duration WAIT = Duration.ofMillis(Timeouts.SERVICE_MS);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = Timeouts.SERVICE_MS)
    ConfigurationAdmin config;

    @TempDir
    Path dir;

    private Configuration database(String name, Path path, String durability) throws Exception {
        Configuration c = config.createFactoryConfiguration("io.zdbc.database", "?");
        c.update(props(name, path, durability));
        return c;
    }

    private static Dictionary<String, Object> props(String name, Path path, String durability) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("name", name);
        p.put("path", path.toString());
        p.put("durability", durability);
        return p;
    }

    private ServiceReference<Database> ref(String name) throws Exception {
        Collection<ServiceReference<Database>> refs =
                context.getServiceReferences(Database.class, "(name=" + name + ")");
        return refs.isEmpty() ? null : refs.iterator().next();
    }

    @Test
    void severalDatabasesAsFactoryConfigurations() throws Exception {
        Configuration a = database("trades", dir.resolve("trades.db"), "DURABLE");
        Configuration b = database("quotes", dir.resolve("quotes.db"), "FAST");
        try {
            ServiceReference<Database> ra = await().atMost(WAIT).until(() -> ref("trades"), r -> r != null);
            ServiceReference<Database> rb = await().atMost(WAIT).until(() -> ref("quotes"), r -> r != null);
            Database trades = context.getService(ra);
            Database quotes = context.getService(rb);
            trades.write("t", Batch.builder().i64("n", 1, 2).build());
            quotes.write("q", Batch.builder().f64("x", 0.5).build());
            assertEquals(List.of("t"), trades.tables());
            assertEquals(List.of("q"), quotes.tables());
            assertTrue(Files.exists(dir.resolve("trades.dbdir").resolve("t.n")), "written where configured");
            assertEquals("FAST", rb.getProperty("durability"));
            context.ungetService(ra);
            context.ungetService(rb);
        } finally {
            a.delete();
            b.delete();
        }
        await().atMost(WAIT).until(() -> ref("trades") == null && ref("quotes") == null);
    }

    @Test
    void changingTheConfigurationReopensInPlaceWithoutARestart() throws Exception {
        Configuration c = database("main", dir.resolve("one.db"), "DURABLE");
        try {
            ServiceReference<Database> r = await().atMost(WAIT).until(() -> ref("main"), x -> x != null);
            Database db = context.getService(r);
            db.write("first", Batch.builder().i64("n", 1).build());

            c.update(props("main", dir.resolve("two.db"), "FAST"));
            await().atMost(WAIT).until(() -> "FAST".equals(r.getProperty("durability")));
            await().atMost(WAIT).until(() -> db.registry().equals(dir.resolve("two.db")));
            assertSame(db, context.getService(r), "the same service object, now on the other database");
            context.ungetService(r);
            assertEquals(List.of(), db.tables());
            db.write("second", Batch.builder().i64("n", 2).build());

            c.update(props("main", dir.resolve("one.db"), "DURABLE"));
            await().atMost(WAIT).until(() -> db.registry().equals(dir.resolve("one.db")));
            assertEquals(List.of("first"), db.tables());
            context.ungetService(r);
        } finally {
            c.delete();
        }
        await().atMost(WAIT).until(() -> ref("main") == null);
    }
}
