package io.zdbc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.VerifyReport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL at random moments, again and again on the same database,
 * and checks that every table is exactly one committed version afterwards (the last one, or the
 * one in flight) and that verify finds nothing wrong.
 *
 * <p>{@code -Dzdbc.crash.trials=N} sets the number of kills (default 100); see README for a longer run.
 */
class CrashTest {
    @TempDir
    Path dir;

    @Test
    void everyTableIsOneCommittedVersionAfterSigkill() throws Exception {
        int trials = Integer.getInteger("zdbc.crash.trials", 100);
        Path db = dir.resolve("crashdb");
        Map<String, List<long[]>> model = new HashMap<>(); // committed segments per table
        SplittableRandom rnd = new SplittableRandom(Long.getLong("zdbc.crash.seed", 20261121L));
        int inFlightSeen = 0;
        for (int trial = 0; trial < trials; trial++) {
            Durability mode = trial % 2 == 0 ? Durability.FAST : Durability.DURABLE;
            Path log = dir.resolve("trial-" + trial + ".log");
            Process p = ChildJvm.builder(
                            CrashWorkload.class, db.toString(), Long.toString(trial + 1), mode.name(), log.toString())
                    .redirectErrorStream(true)
                    .start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (!"READY".equals(line)) {
                // Let it exit on its own first: destroying it closes the pipe and loses its output.
                String rest = p.waitFor(20, TimeUnit.SECONDS) ? drain(out) : " (still running after 20 s)";
                p.destroyForcibly();
                fail("worker did not start: " + line + rest);
            }
            Thread.sleep(rnd.nextInt(5, 250));
            p.destroyForcibly(); // SIGKILL on Linux and macOS
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            String[] inFlight;
            try (BufferedReader logged = Files.newBufferedReader(log)) {
                inFlight = replay(logged, model);
            }
            if (inFlight != null) {
                inFlightSeen++;
            }
            check(db, model, inFlight, trial);
        }
        assertTrue(inFlightSeen > trials / 4, "kills should mostly land mid-write; only " + inFlightSeen + " did");
    }

    /** Applies the worker's completed operations to the model; returns the one in flight, if any. */
    private static String[] replay(BufferedReader out, Map<String, List<long[]>> model) throws Exception {
        String[] pending = null;
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("GO ")) {
                pending = line.substring(3).split(" ");
            } else if (line.equals("OK") && pending != null) {
                apply(model, pending);
                pending = null;
            } else if (!line.isEmpty()) {
                fail("worker said: " + line);
            }
        }
        return pending;
    }

    private static void apply(Map<String, List<long[]>> model, String[] op) {
        String t = op[0];
        long gen = Long.parseLong(op[2]);
        long n = Long.parseLong(op[3]);
        switch (op[1]) {
            case "write":
                List<long[]> segs = new ArrayList<>();
                segs.add(new long[] {gen, n});
                model.put(t, segs);
                break;
            case "append":
                model.get(t).add(new long[] {gen, n});
                break;
            default:
                model.remove(t);
        }
    }

    private static void check(Path db, Map<String, List<long[]>> model, String[] inFlight, int trial) {
        try (Database d = Zdbc.open(db)) { // a writer open recovers the interrupted commit
            Map<String, List<long[]>> after = copy(model);
            if (inFlight != null) {
                apply(after, inFlight);
            }
            for (String t : CrashWorkload.TABLES) {
                List<long[]> actual = null;
                if (d.exists(t)) {
                    try (TableSnapshot s = d.read(t)) {
                        actual = CrashWorkload.segments(s);
                    }
                }
                String a = show(actual);
                String old = show(model.get(t));
                String neu = show(after.get(t));
                assertTrue(
                        a.equals(old) || a.equals(neu),
                        "trial " + trial + ", table " + t + ": " + a + " is neither the committed version " + old
                                + " nor the one in flight " + neu);
                if (a.equals(neu)) {
                    model.put(t, after.get(t));
                    if (after.get(t) == null) {
                        model.remove(t);
                    }
                }
            }
            VerifyReport r = d.verify();
            assertEquals(List.of(), r.problems(), "trial " + trial + ": verify");
        }
    }

    private static Map<String, List<long[]>> copy(Map<String, List<long[]>> m) {
        Map<String, List<long[]>> c = new HashMap<>();
        m.forEach((k, v) -> {
            List<long[]> l = new ArrayList<>();
            v.forEach(s -> l.add(s.clone()));
            c.put(k, l);
        });
        return c;
    }

    private static String show(List<long[]> segs) {
        if (segs == null) {
            return "absent";
        }
        StringBuilder sb = new StringBuilder();
        for (long[] s : segs) {
            sb.append('(').append(s[0]).append('x').append(s[1]).append(')');
        }
        return sb.toString();
    }

    private static String drain(BufferedReader r) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String l; (l = r.readLine()) != null; ) {
            sb.append('\n').append(l);
        }
        return sb.toString();
    }
}
