package io.zdbc.format.impl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zdbc.api.CorruptDatabaseException;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.VerifyReport;
import io.zdbc.api.ZdbcException;
import io.zdbc.format.impl.HandBuilt.Table;
import io.zdbc.format.impl.PowerCut.Survival;
import io.zdbc.format.impl.PowerLossWorkloads.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Power-loss simulation in the style of LevelDB's fault_injection_test, but at every point: each
 * workload runs once on a real directory through {@link RecordingFileOps}; then for every cut
 * point k of the recorded operations, and several subsets of what was not yet durable
 * ({@link PowerCut} states the model), the disk image a power cut could leave is built, opened
 * read-write (which recovers) and checked (docs/DURABILITY.md):
 * <ul>
 * <li>DURABLE: a read-only reader before recovery and the table after recovery are exactly the
 * version of the last acknowledged write or of the write under way, with the original library's
 * files byte for byte, the other table untouched, and {@code verify()} ok;</li>
 * <li>FAST: see {@link #checkFast}; a process crash (every change reached the disk) must pass the
 * DURABLE checks;</li>
 * <li>recovery itself: on some images recovery is recorded too and cut at each of its operations,
 * and the image that leaves must pass the same checks.</li>
 * </ul>
 * Subset 0 keeps only what was synced, subset 1 everything (a process crash, where FAST must pass
 * the DURABLE checks too), the others are random. {@code -Dzdbc.powerloss.subsets=N} (default 4)
 * and {@code -Dzdbc.powerloss.recoveryEvery=N} (the first random image of every N-th cut point has
 * its recovery cut too, default 8) scale the run;
 * {@code -Dzdbc.powerloss.seed=S} repeats one, {@code -Dzdbc.powerloss.only=TEXT} runs the workloads whose
 * name contains TEXT.
 */
class PowerLossTest {
    static final long SEED = Long.getLong("zdbc.powerloss.seed", 20261203L);
    static final int SUBSETS = Math.max(3, Integer.getInteger("zdbc.powerloss.subsets", 4));
    static final int RECOVERY_EVERY = Math.max(1, Integer.getInteger("zdbc.powerloss.recoveryEvery", 8));
    static final Table OTHER = FaultInjectionTest.OTHER;
    private static final PowerLossFigures FIGURES = new PowerLossFigures();

    @TempDir(factory = ShmTempDir.class)
    Path tmp;

    static Stream<Workload> workloads() {
        String only = System.getProperty("zdbc.powerloss.only", "");
        return PowerLossWorkloads.all().stream().filter(w -> w.toString().contains(only));
    }

    @AfterAll
    static void printFigures() {
        FIGURES.print(SEED, SUBSETS, RECOVERY_EVERY);
    }

    /** The recorded run: its log and where each phase (the open, then each step) ended. */
    record Recorded(PowerLog log, int[] ends) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void everyCutPointLeavesACommittedVersionOrAReportedOne(Workload w) throws Exception {
        Recorded rec = record(w, tmp.resolve("run"));
        PowerLossFigures.Row row = FIGURES.row(w.toString(), rec.log().size());
        long wseed = SEED ^ (w.toString().hashCode() * 0x9E3779B97F4A7C15L);
        Path img = tmp.resolve("img");
        for (int k = 0; k <= rec.log().size(); k++) {
            List<Table> allowed = allowed(w, rec, k);
            for (int j = 0; j < SUBSETS; j++) {
                long seed = new SplittableRandom(wseed + 1_000_003L * k + j).nextLong();
                Survival survival = j == 0 ? Survival.NOTHING : j == 1 ? Survival.EVERYTHING : Survival.RANDOM;
                clean(img);
                String lost = PowerCut.build(rec.log(), k, survival, seed, img);
                scrambleChangeCounter(img, seed);
                String where = w + ", cut after op " + k + "/" + rec.log().size() + " ("
                        + (k == 0 ? "none" : rec.log().ops().get(k - 1).what()) + "), subset " + j + " " + survival
                        + ", -Dzdbc.powerloss.seed=" + SEED + lost;
                Path reg = img.resolve("DB");
                if (w.mode() == Durability.DURABLE || survival == Survival.EVERYTHING) {
                    readOnlyBeforeRecovery(w, reg, allowed, where);
                }
                if (j == 2 && k % RECOVERY_EVERY == 0) {
                    cutRecovery(w, img, allowed, seed, where, row);
                }
                check(w, reg, allowed, survival == Survival.EVERYTHING, where, row);
                row.images++;
            }
        }
        FIGURES.done(row);
        row.assertNoSilentWrongAnswer();
    }

    /** Runs the workload through the recorder; the setup before it counts as durable. */
    private static Recorded record(Workload w, Path root) throws Exception {
        Path reg = root.resolve("DB");
        w.setup().run(reg);
        PowerLog log = PowerLog.startingFrom(root);
        RecordingFileOps ops = new RecordingFileOps(log);
        int[] ends = new int[w.steps().size() + 1];
        try (ZdbcStorage s = open(reg, w.mode(), ops)) {
            ends[0] = log.size();
            for (int i = 0; i < w.steps().size(); i++) {
                w.steps().get(i).action().run(s);
                ends[i + 1] = log.size();
            }
        }
        return new Recorded(log, ends);
    }

    /**
     * What a cut after k operations may leave in DURABLE mode: the version after the last phase
     * whose operations all happened (it returned), and that of the phase under way if it began.
     */
    private static List<Table> allowed(Workload w, Recorded rec, int k) {
        int acked = 0; // phases 0..acked-1 completed: the open, then acked-1 steps
        while (acked < rec.ends().length && rec.ends()[acked] <= k) {
            acked++;
        }
        List<Table> out = new ArrayList<>();
        out.add(w.versions().get(Math.max(0, acked - 1)));
        boolean underWay = acked >= 1 && acked < rec.ends().length && rec.ends()[acked - 1] < k;
        if (underWay) {
            out.add(w.versions().get(acked));
        }
        return out;
    }

    static ZdbcStorage open(Path reg, Durability mode, FileOps ops) {
        return ZdbcStorage.open(reg, OpenOptions.defaults().withDurability(mode), new TestColumnIO(), ops);
    }

    private static void readOnlyBeforeRecovery(Workload w, Path reg, List<Table> allowed, String where)
            throws Exception {
        if (!w.hasOther() && !Files.exists(reg)) {
            // A database whose registry never reached the disk: no table at all.
            assertOneOf(allowed, null, "no registry, " + where);
            return;
        }
        try (ZdbcStorage ro = Db.openReadOnly(reg)) {
            assertOneOf(allowed, Db.read(ro, w.table()), "read-only before recovery, " + where);
            if (w.hasOther()) {
                Db.assertReads(ro, OTHER, "other");
            }
        }
    }

    /** Records recovery on the image, then cuts the power at each of its operations and checks what that leaves. */
    private void cutRecovery(
            Workload w, Path img, List<Table> allowed, long seed, String where, PowerLossFigures.Row row)
            throws Exception {
        PowerLog log = PowerLog.startingFrom(img);
        try {
            open(img.resolve("DB"), w.mode(), new RecordingFileOps(log)).close();
        } catch (ZdbcException e) {
            if (w.mode() == Durability.DURABLE) {
                throw new AssertionError(where + ": recovery failed", e);
            }
            return; // FAST: check() classifies the refusal
        }
        Path img2 = tmp.resolve("img2");
        for (int m = 0; m <= log.size(); m++) {
            clean(img2);
            long s = new SplittableRandom(seed + m).nextLong();
            String lost = PowerCut.build(log, m, m % 2 == 0 ? Survival.RANDOM : Survival.NOTHING, s, img2);
            String at = where + "\n  then recovery cut after op " + m + "/" + log.size() + " ("
                    + (m == 0 ? "none" : log.ops().get(m - 1).what()) + ")" + lost;
            check(w, img2.resolve("DB"), allowed, false, at, row);
            row.recoveryImages++;
        }
    }

    private static void check(
            Workload w, Path reg, List<Table> allowed, boolean processCrash, String where, PowerLossFigures.Row row)
            throws Exception {
        if (w.mode() == Durability.DURABLE || processCrash) {
            // A cut where every change reached the disk is a process crash: FAST promises what DURABLE does.
            checkDurable(w, reg, allowed, where);
            row.outcome("one committed version (acknowledged or under way)");
        } else {
            checkFast(w, reg, allowed, where, row);
        }
    }

    private static void checkDurable(Workload w, Path reg, List<Table> allowed, String where) throws Exception {
        try (ZdbcStorage s = open(reg, w.mode(), FileOps.DEFAULT)) {
            Table got = Db.read(s, w.table());
            assertOneOf(allowed, got, "after recovery, " + where);
            try {
                if (got != null) {
                    Db.assertLegacyFiles(reg, got);
                    Set<String> gone = new TreeSet<>();
                    for (Table v : w.versions()) {
                        if (v != null) {
                            gone.addAll(v.colNames());
                        }
                    }
                    gone.removeAll(got.colNames());
                    Db.assertNoLegacyColumnFiles(reg, w.table(), new ArrayList<>(gone));
                }
                if (w.hasOther()) {
                    Db.assertReads(s, OTHER, "other");
                    Db.assertLegacyFiles(reg, OTHER);
                }
            } catch (AssertionError e) {
                throw new AssertionError(where + ": " + e.getMessage(), e);
            }
            VerifyReport r = s.verify();
            assertTrue(r.ok(), where + ": verify: " + r.problems());
        } catch (ZdbcException e) {
            throw new AssertionError(where + ": " + e, e);
        }
    }

    /**
     * FAST after power loss (docs/DURABILITY.md): the database opens, or refuses with an error
     * naming its file and then {@code verify --read-only} reports it; every table is one committed
     * version (the written one may be older than acknowledged) or verify names it: a problem, or the
     * note of a declared table, which is what a create or drop cut short leaves. One exception is
     * counted, not failed: a table the workload created, with no commit record on disk, read
     * through the original library's files whose schema landed without the rows (FAST syncs no
     * create, and those files have no checksum). A table the original library wrote never may:
     * zdbc's first commit record of it is synced.
     */
    private static void checkFast(
            Workload w, Path reg, List<Table> acknowledged, String where, PowerLossFigures.Row row) throws Exception {
        ZdbcStorage s;
        try {
            s = open(reg, Durability.FAST, FileOps.DEFAULT);
        } catch (ZdbcException e) {
            assertTrue(
                    e instanceof CorruptDatabaseException
                            || String.valueOf(e.getMessage()).contains(reg.toString()),
                    where + ": open fails without naming a file: " + e);
            row.refusal(e, where);
            try (ZdbcStorage ro = Db.openReadOnly(reg)) {
                assertFalse(ro.verify().ok(), where + ": open fails (" + e + ") but verify --read-only is ok");
            } catch (CorruptDatabaseException roe) {
                // the read-only open names the broken file itself
            }
            row.outcome("open refused, named by the error and verify --read-only");
            return;
        }
        try (s) {
            VerifyReport r = s.verify();
            for (String table : w.hasOther() ? List.of(w.table(), OTHER.name()) : List.of(w.table())) {
                boolean written = !table.equals(OTHER.name());
                List<Table> versions = written ? w.versions() : List.of(OTHER);
                if (names(r, table)) {
                    row.outcome("named by verify");
                    continue;
                }
                Table got;
                String wrong;
                try {
                    got = Db.read(s, table);
                    wrong = contains(versions, got) ? null : "it is no committed version: " + Db.describe(got);
                } catch (ZdbcException | IOException | AssertionError e) {
                    got = null;
                    wrong = "reading it fails: " + e;
                }
                if (wrong != null && written && declaredNote(r, table, got)) {
                    row.outcome("a declared table, named by a verify note (a create or drop cut short)");
                } else if (wrong != null && written && createdWithoutRecord(w, reg, table, got)) {
                    row.outcome("created in FAST: its schema landed without its commit record and rows (undetected)");
                } else if (wrong != null) {
                    row.silentWrong(
                            where + ": verify is ok for '" + table + "'" + (written ? "" : ", which was not written,")
                                    + " but " + wrong + "\n  verify notes: " + r.notes());
                } else if (written) {
                    row.outcome(
                            contains(acknowledged, got)
                                    ? "one committed version (acknowledged or under way)"
                                    : "an older committed version (recent commits lost)");
                }
            }
        }
    }

    /**
     * A registry entry whose table has neither commit record nor schema reads as a table the
     * original library declared (no columns): a create whose registry landed without the rest, or
     * a drop whose registry did not land. Verify can only note it, as it notes a declared table.
     */
    private static boolean declaredNote(VerifyReport r, String table, Table got) {
        if (got == null || !got.cols().isEmpty()) {
            return false;
        }
        for (String n : r.notes()) {
            if (n.contains("table '" + table + "' is declared") && n.contains("power loss")) {
                return true;
            }
        }
        return false;
    }

    /** A table the workload created, read through the original library's files: no commit record on disk. */
    private static boolean createdWithoutRecord(Workload w, Path reg, String table, Table got) {
        Layout layout = new Layout(reg);
        return w.versions().get(0) == null
                && got != null
                && !got.cols().isEmpty()
                && !Files.exists(layout.commitFile(table))
                && Files.exists(layout.legacySchema(table));
    }

    private static boolean names(VerifyReport r, String table) {
        for (String p : r.problems()) {
            // A registry problem, or a registry entry that is no table name (torn), concerns every table.
            if (p.contains("'" + table + "'")
                    || p.startsWith("registry")
                    || p.contains("name '") && p.contains("is invalid")) {
                return true;
            }
        }
        return false;
    }

    static boolean contains(List<Table> versions, Table got) {
        for (Table v : versions) {
            if (Db.same(v, got)) {
                return true;
            }
        }
        return false;
    }

    private static void assertOneOf(List<Table> allowed, Table got, String where) {
        if (!contains(allowed, got)) {
            StringBuilder sb = new StringBuilder(where + "\n  got:     " + Db.describe(got));
            for (Table a : allowed) {
                sb.append("\n  allowed: ").append(Db.describe(a));
            }
            fail(sb.toString());
        }
    }

    /**
     * The change counter is written through a shared mapping, not FileOps: after power loss it may
     * hold any older value or be short. Its value only tells live processes that something
     * changed, and none survives a power cut, so any content must do.
     */
    private static void scrambleChangeCounter(Path img, long seed) throws IOException {
        Path changes = new Layout(img.resolve("DB")).changesFile();
        if (!Files.isDirectory(changes.getParent())) {
            return;
        }
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        byte[] b = new byte[r.nextInt(9)];
        r.nextBytes(b);
        if (r.nextInt(4) == 0) {
            Files.deleteIfExists(changes);
        } else {
            Files.write(changes, b);
        }
    }

    private static void clean(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> w = Files.walk(dir)) {
                for (Path p : w.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }
}
