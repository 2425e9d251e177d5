package io.zdbc.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.DatabaseService;
import io.zdbc.spi.ColumnIO;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** DatabaseService has a static mandatory reference to ColumnIO: it follows the mmap bundle's lifecycle. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class MmapRestartTest {
    private static final Duration WAIT = Duration.ofMillis(Timeouts.SERVICE_MS);

    @InjectBundleContext
    BundleContext context;

    @InjectService(cardinality = 0)
    ServiceAware<DatabaseService> databases;

    @InjectService(cardinality = 0)
    ServiceAware<ColumnIO> columnIOs;

    @TempDir
    Path dir;

    @Test
    void stoppingMmapWithdrawsDatabaseServiceAndStartingItBringsItBack() throws Exception {
        DatabaseService before = databases.waitForService(Timeouts.SERVICE_MS);
        assertNotNull(before, "DatabaseService before the restart");
        Bundle mmap = bundle("io.zdbc.mmap");
        Bundle engine = bundle("io.zdbc.engine");
        try {
            mmap.stop();
            await().atMost(WAIT).until(databases::isEmpty);
            assertTrue(columnIOs.isEmpty(), "ColumnIO must leave with its bundle");
            assertEquals(Bundle.ACTIVE, engine.getState(), "the engine bundle stays active, only its component goes");
        } finally {
            mmap.start();
        }
        DatabaseService after = await().atMost(WAIT).until(databases::getService, Objects::nonNull);
        assertNotSame(before, after, "a new component instance bound to the new ColumnIO");

        try (Database db = after.open(dir.resolve("after-restart.db"))) {
            db.write("t", Batch.builder().i64("n", 3, 1, 4).f64("x", 0.5, 1.5, 2.5).build());
            try (ColumnView n = db.column("t", "n"); ColumnView x = db.column("t", "x")) {
                assertTrue(n.isMapped());
                assertArrayEquals(new long[] {3, 1, 4}, n.toLongArray());
                assertArrayEquals(new double[] {0.5, 1.5, 2.5}, x.toDoubleArray());
            }
        }
    }

    private Bundle bundle(String bsn) {
        return Arrays.stream(context.getBundles())
                .filter(b -> bsn.equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("bundle " + bsn + " is not installed"));
    }
}
