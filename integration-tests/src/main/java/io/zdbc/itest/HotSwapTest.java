package io.zdbc.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.api.DatabaseService;
import io.zdbc.api.ServiceUnavailableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Hot swap: each zdbc service bundle is updated (new revision, new class loader) while queries
 * and appends run. Answers stay right; operations started during the swap wait for the
 * replacement service and go on; the only error a caller may see is the retryable
 * {@link ServiceUnavailableException}.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class HotSwapTest {
    private static final Duration WAIT = Duration.ofMillis(Timeouts.SERVICE_MS);

    @InjectBundleContext
    BundleContext context;

    @InjectService(cardinality = 0)
    ServiceAware<DatabaseService> databases;

    @InjectService(timeout = Timeouts.SERVICE_MS)
    ConfigurationAdmin config;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "update {0} under load")
    @ValueSource(strings = {"io.zdbc.format", "io.zdbc.mmap", "io.zdbc.kernels.scalar", "io.zdbc.kernels.simd"})
    void updatingAServiceBundleUnderLoadGivesNoWrongAnswers(String bsn) throws Exception {
        DatabaseService service = databases.waitForService(Timeouts.SERVICE_MS);
        Bundle b = Bundles.bundle(context, bsn);
        try (Database db = service.open(dir.resolve("swap.db"))) {
            QueryLoad load = new QueryLoad(db, 2);
            try {
                for (int cycle = 0; cycle < 3; cycle++) {
                    long before = load.answers.get();
                    await().atMost(WAIT)
                            .alias(bsn + " cycle " + cycle + ": the load answers")
                            .until(() -> load.answers.get() > before + 50);
                    Bundles.updateAndRefresh(context, b);
                }
                long after = load.answers.get();
                await().atMost(WAIT).until(() -> load.answers.get() > after + 50);
            } finally {
                load.close();
            }
            assertTrue(load.wrong.isEmpty(), bsn + ": wrong answers or unexpected errors: " + load.wrong);
            assertSame(service, databases.getService(), "the DatabaseService stays registered through the swap");
            assertEquals(Bundle.ACTIVE, b.getState());
        }
    }

    @Test
    void withTheColumnIOGoneOperationsWaitBoundedThenFailRetryably() throws Exception {
        Configuration engine = config.getConfiguration("io.zdbc.engine", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("serviceWaitMillis", 300L);
        engine.update(props);
        Bundle mmap = Bundles.bundle(context, "io.zdbc.mmap");
        try {
            DatabaseService service = databases.waitForService(Timeouts.SERVICE_MS);
            Path reg = dir.resolve("wait.db");
            try (Database db = service.open(reg)) {
                db.write("t", Batch.builder().i64("n", 1, 2, 3).build());
                mmap.stop();
                try {
                    assertSame(service, databases.getService(), "no column I/O, but the DatabaseService stays");
                    // The configuration reaches the component asynchronously: until it does, an
                    // operation waits the default 10 s. Then it fails within the configured 300 ms.
                    ServiceUnavailableException[] last = new ServiceUnavailableException[1];
                    await().atMost(Duration.ofSeconds(60))
                            .pollDelay(Duration.ZERO)
                            .until(() -> {
                                long t0 = System.nanoTime();
                                last[0] = assertThrows(ServiceUnavailableException.class, () -> db.read("t"));
                                return System.nanoTime() - t0 < 2_000_000_000L;
                            });
                    assertTrue(last[0].getMessage().contains("zdbc column I/O"), last[0].getMessage());
                    assertTrue(last[0].isRetryable());
                } finally {
                    mmap.start();
                }
                await().atMost(WAIT).ignoreExceptions().until(() -> db.read("t").rows() == 3);
                long[] back;
                try (var s = db.read("t")) {
                    back = s.column("n").toLongArray();
                }
                assertEquals(6, back[0] + back[1] + back[2]);
            }
        } finally {
            engine.delete();
        }
    }

    @Test
    void updatingTheEngineClosesItsDatabasesWithARetryableErrorAndANewServiceReopens() throws Exception {
        DatabaseService before = databases.waitForService(Timeouts.SERVICE_MS);
        Path reg = dir.resolve("engine.db");
        Database db = before.open(reg);
        db.write("t", Batch.builder().i64("n", 7).build());
        Bundles.updateAndRefresh(context, Bundles.bundle(context, "io.zdbc.engine"));
        ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class, () -> db.info("t"));
        assertTrue(e.getMessage().contains("reopen"), e.getMessage());
        db.close();
        DatabaseService after = await().atMost(WAIT).until(databases::getService, Objects::nonNull);
        assertNotSame(before, after);
        try (Database again = after.open(reg)) {
            assertEquals(1, again.info("t").rows());
        }
    }
}
