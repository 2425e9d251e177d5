package io.zdbc.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.VerifyReport;
import io.zdbc.engine.Zdbc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A mixed-workload soak (Caffeine's style: random operations checked against a simple model).
 * Two owner threads here and one in a child JVM create, append to, rewrite, drop, import into and
 * export their own tables of one database, checking every read and query against their model;
 * a reader thread in each process (on a read-only instance) checks the other writers' tables
 * against their ledgers;
 * both run {@code verify()} now and then. At the end every table must be its last acknowledged
 * version, verify clean, and nothing mapped, open or running.
 *
 * <p>{@code -Dzdbc.soak.seconds=N} (default 15) and {@code -Dzdbc.soak.seed=S} (printed) rerun it
 * longer or the same way; docs/TESTING.md, "Soak test".
 */
class SoakTest {
    @Test
    void concurrentWritersInTwoProcessesMatchTheirModels() throws Exception {
        long seed = Long.getLong("zdbc.soak.seed", System.nanoTime());
        int seconds = Integer.getInteger("zdbc.soak.seconds", 15);
        System.out.println("SoakTest: seed " + seed + ", " + seconds + " s (rerun: -Dzdbc.soak.seed=" + seed
                + " -Dzdbc.soak.seconds=" + seconds + ")");
        Path shm = Path.of("/dev/shm");
        Path root = Files.createTempDirectory(
                Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")), "zdbc-soak");
        try {
            run(root, seed, seconds);
        } finally {
            deleteAll(root);
        }
    }

    private static void run(Path root, long seed, int seconds) throws Exception {
        Path registry = Files.createDirectories(root.resolve("db")).resolve("soak.zdbc");
        Leaks leaks = new Leaks(root);
        Stats stats = new Stats();
        Rows rows = new Rows(seed);
        Process child = childJvm(registry, root.resolve("child"), seed, seconds)
                .redirectError(root.resolve("child.err").toFile())
                .start();
        PrintStream toChild = new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8);
        Ledger mine = new Ledger(toChild);
        Ledger childs = new Ledger(null);
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread pump = new Thread(() -> readChild(child, childs, stats, ready, done), "soak-child-stdout");
        pump.start();
        assertTrue(
                ready.await(60, TimeUnit.SECONDS), "the child JVM did not start: " + tail(root.resolve("child.err")));

        long deadline = System.currentTimeMillis() + 1000L * seconds;
        try (Database db = Zdbc.open(
                        registry,
                        OpenOptions.defaults()
                                .withDurability(Durability.DURABLE)
                                .withLockTimeout(Duration.ofSeconds(60)));
                Database readOnly = Zdbc.open(registry, OpenOptions.readOnlyDefaults())) {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Owner o = new Owner(
                        "p" + i,
                        (i + 1) * 1_000_000_000L,
                        db,
                        Files.createDirectories(root.resolve("p" + i)),
                        rows,
                        mine,
                        stats,
                        seed * 31 + 10 + i,
                        deadline);
                threads.add(new Thread(o, "soak-owner-p" + i));
            }
            threads.add(new Thread(
                    new CrossReader(
                            "reader", readOnly, db, rows, List.of(mine, childs), stats, seed * 31 + 20, deadline, 2000),
                    "soak-reader"));
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join(1000L * seconds + 120_000);
                assertTrue(!t.isAlive(), t.getName() + " is still running: " + List.of(t.getStackTrace()));
            }
            toChild.close();
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child JVM did not end");
            pump.join(10_000);
            assertEquals(0, child.exitValue(), "child exit code; its stderr: " + tail(root.resolve("child.err")));
            assertTrue(done.getCount() == 0, "the child JVM ended without its figures");
            checkFinalStates(db, rows, List.of(mine, childs), stats);
            VerifyReport r = db.verify();
            stats.count("check.verify");
            if (!r.ok()) {
                stats.fail("verify at the end: " + r.problems());
            }
        }
        for (String l : leaks.leftOver()) {
            stats.fail("left behind at the end: " + l);
        }
        report(stats, seed);
        assertEquals(List.of(), stats.failures(), "failures (seed " + seed + ")");
        assertTrue(
                stats.total("op.") > 10 && stats.total("check.") > 10, "the soak did too little: " + stats.snapshot());
    }

    /** No lost commit: once every writer has returned, each table is its last acknowledged state. */
    private static void checkFinalStates(Database db, Rows rows, List<Ledger> ledgers, Stats stats)
            throws InterruptedException {
        for (Ledger l : ledgers) {
            for (String t : l.tables()) {
                long acked = l.acked(t);
                String want = l.since(t, acked).get(0);
                String got;
                try (TableSnapshot s = db.read(t)) {
                    got = Rows.show(rows.segments(s));
                } catch (NoSuchTableException e) {
                    got = Rows.ABSENT;
                }
                stats.count("check.final");
                if (!got.equals(want)) {
                    stats.fail("at the end " + t + " is " + got + ", not its last acknowledged state " + want);
                }
            }
        }
    }

    private static void readChild(
            Process child, Ledger ledger, Stats stats, CountDownLatch ready, CountDownLatch done) {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.equals("READY")) {
                    ready.countDown();
                } else if (line.equals("DONE")) {
                    done.countDown();
                } else if (line.startsWith("STAT ")) {
                    String[] w = line.split(" ");
                    stats.add(w[1], Long.parseLong(w[2]));
                } else if (line.startsWith("FAIL ")) {
                    stats.fail(line.substring(5).replace('|', '\n'));
                } else if (!ledger.apply(line)) {
                    stats.fail("child said: " + line);
                }
            }
        } catch (IOException | RuntimeException e) {
            stats.fail("reading the child's output: " + Stats.describe(e));
        }
    }

    private static void report(Stats stats, long seed) {
        StringBuilder sb = new StringBuilder("SoakTest figures (seed " + seed + "):");
        for (Map.Entry<String, Long> e : stats.snapshot().entrySet()) {
            sb.append("\n  ").append(e.getKey()).append(' ').append(e.getValue());
        }
        sb.append("\nSoakTest: ")
                .append(stats.total("op."))
                .append(" operations, ")
                .append(stats.total("check."))
                .append(" answers checked, ")
                .append(stats.failures().size())
                .append(" failures");
        for (String f : stats.failures()) {
            sb.append("\n  FAILURE ").append(f);
        }
        System.out.println(sb);
    }

    /** A JVM with this one's class path and module flags, running {@link SoakChild}. */
    private static ProcessBuilder childJvm(Path registry, Path scratch, long seed, int seconds) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-")
                    || a.startsWith("-D")
                    || a.startsWith("--sun-misc")
                    || a.startsWith("--enable-native")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of(
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                SoakChild.class.getName(),
                registry.toString(),
                scratch.toString(),
                Long.toString(seed),
                Integer.toString(seconds)));
        return new ProcessBuilder(cmd);
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "(no output)";
        }
        String s = Files.readString(file);
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }

    private static void deleteAll(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
