package io.zdbc.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.api.DatabaseService;
import io.zdbc.api.ServiceUnavailableException;
import io.zdbc.api.TableSnapshot;
import io.zdbc.spi.Connector;
import io.zdbc.spi.connector.TransferOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Each connector bundle is updated while another thread exports and re-imports a table through
 * whatever connector service is current. Every round trip that succeeds is exact; one that was
 * running on the old revision either finishes or fails with the retryable
 * {@link ServiceUnavailableException}, having committed nothing, and the next one uses the new
 * revision.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class ConnectorSwapTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = Timeouts.SERVICE_MS)
    DatabaseService service;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "update {0} during imports and exports")
    @CsvSource({"io.zdbc.csv,csv,csv", "io.zdbc.feather,feather,feather", "io.zdbc.parquet,parquet,parquet"})
    void updatingAConnectorBundleDuringTransfersGivesNoWrongData(String bsn, String format, String ext)
            throws Exception {
        ServiceTracker<Connector, Connector> connectors = new ServiceTracker<>(
                context,
                context.createFilter("(&(objectClass=" + Connector.class.getName() + ")(" + Connector.FORMAT_PROPERTY
                        + "=" + format + "))"),
                null);
        connectors.open();
        AtomicLong ok = new AtomicLong();
        AtomicLong retryable = new AtomicLong();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        int n = 20_000;
        long[] ids = new long[n];
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            xs[i] = i * 0.5;
        }
        long wantSum = (long) n * (n - 1) / 2;
        try (Database db = service.open(dir.resolve("swap.db"))) {
            db.write("src", Batch.builder().i64("id", ids).f64("x", xs).build());
            Thread worker = new Thread(
                    () -> {
                        int round = 0;
                        while (!stop.get()) {
                            String table = "copy" + (round++);
                            Path file = dir.resolve("t" + round + "." + ext);
                            try {
                                Connector c = connectors.waitForService(Timeouts.SERVICE_MS);
                                if (c == null) {
                                    wrong.add("no " + format + " connector within the timeout");
                                    continue;
                                }
                                TransferOptions o = TransferOptions.defaults().withBatchRows(4096);
                                c.exportTable(db, "src", file, o);
                                c.importFile(file, db, table, o);
                                try (TableSnapshot s = db.read(table)) {
                                    long sum = 0;
                                    for (long v : s.column("id").toLongArray()) {
                                        sum += v;
                                    }
                                    if (s.rows() != n || sum != wantSum) {
                                        wrong.add("round " + round + ": " + s.rows() + " rows, sum " + sum);
                                    }
                                }
                                db.drop(table);
                                ok.incrementAndGet();
                            } catch (ServiceUnavailableException e) {
                                retryable.incrementAndGet();
                                if (db.exists(table) && db.count(table) != n) {
                                    wrong.add("round " + round + ": a failed import left " + db.count(table) + " rows");
                                }
                            } catch (InterruptedException e) {
                                return;
                            } catch (RuntimeException | Error e) {
                                if (wrong.size() < 5) {
                                    StringWriter w = new StringWriter();
                                    e.printStackTrace(new PrintWriter(w));
                                    wrong.add(w.toString());
                                }
                            } finally {
                                file.toFile().delete();
                            }
                        }
                    },
                    "zdbc-test-transfers");
            worker.start();
            try {
                Bundle b = Bundles.bundle(context, bsn);
                for (int cycle = 0; cycle < 3; cycle++) {
                    long before = ok.get();
                    await().atMost(Duration.ofSeconds(60)).until(() -> ok.get() > before);
                    Bundles.updateAndRefresh(context, b);
                }
                long after = ok.get();
                await().atMost(Duration.ofSeconds(60)).until(() -> ok.get() > after);
            } finally {
                stop.set(true);
                worker.join(TimeUnit.SECONDS.toMillis(60));
                connectors.close();
            }
        }
        assertTrue(wrong.isEmpty(), bsn + ": " + wrong);
        assertTrue(ok.get() >= 4, "round trips done: " + ok.get());
    }
}
