package io.zdbc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers in this process and in another one, while a writer appends: every read is a consistent prefix. */
class ConcurrencyTest extends LeakCheckedTest {
    @TempDir
    Path dir;

    @Test
    void readersSeeConsistentPrefixesWhileAWriterAppends() throws Exception {
        Path dbPath = dir.resolve("db");
        try (Database db = Zdbc.open(dbPath, OpenOptions.defaults().withDurability(Durability.FAST))) {
            db.write("events", rows(0, 1000));
            Process other = ChildJvm.builder(PrefixReader.class, dbPath.toString(), "3000")
                    .redirectErrorStream(true)
                    .start();
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            List<Thread> readers = new ArrayList<>();
            List<PrefixReader> states = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                PrefixReader r = new PrefixReader();
                states.add(r);
                Thread t = new Thread(
                        () -> {
                            try {
                                while (!stop.get()) {
                                    r.readOnce(db);
                                }
                            } catch (Throwable e) {
                                errors.add(e);
                            }
                        },
                        "reader-" + i);
                readers.add(t);
                t.start();
            }
            long next = 1000;
            long until = System.currentTimeMillis() + 3000;
            while (System.currentTimeMillis() < until && errors.isEmpty()) {
                int n = 1 + (int) (next % 997);
                db.append("events", rows(next, n));
                next += n;
            }
            stop.set(true);
            for (Thread t : readers) {
                t.join();
            }
            String verdict;
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
                verdict = out.readLine();
            }
            assertTrue(other.waitFor(60, TimeUnit.SECONDS));
            assertEquals(List.of(), new ArrayList<>(errors));
            assertTrue(verdict != null && verdict.startsWith("OK "), "second process: " + verdict);
            for (PrefixReader r : states) {
                assertTrue(r.reads > 10, "each reader thread read many snapshots: " + r.reads);
            }
            assertEquals(next, db.count("events"));
        }
    }

    static Batch rows(long first, int n) {
        long[] seq = new long[n];
        double[] x = new double[n];
        String[] tag = new String[n];
        for (int i = 0; i < n; i++) {
            seq[i] = first + i;
            x[i] = (first + i) * 0.5;
            tag[i] = Long.toString((first + i) % 100_000);
        }
        return Batch.builder().i64("seq", seq).f64("x", x).str("tag", tag).build();
    }
}
