package io.zdbc.format.impl;

import static io.zdbc.format.impl.HandBuilt.f64;
import static io.zdbc.format.impl.HandBuilt.i64;
import static io.zdbc.format.impl.HandBuilt.str;
import static io.zdbc.format.impl.HandBuilt.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zdbc.api.ZdbcException;
import io.zdbc.format.impl.FaultyFileOps.InjectedFault;
import io.zdbc.format.impl.FaultyFileOps.Mode;
import io.zdbc.format.impl.HandBuilt.Table;
import io.zdbc.spi.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LevelDB fault_injection_test style: every file operation of every kind of write fails in turn
 * (PROTOCOL.md, "Commit protocol" and "Recovery"). After each failure:
 * <ul>
 * <li>a lock-free reader that runs no recovery sees exactly the old or the new table;</li>
 * <li>reopening (which recovers) leaves exactly the old or the new table: rows, every value, the
 * legacy schema file and legacy column files byte for byte, no stray file, verify() ok;</li>
 * <li>if it is the old table, running the write again gives the new one.</li>
 * </ul>
 */
class FaultInjectionTest {
    @TempDir(factory = ShmTempDir.class)
    Path tmp;

    static final Table OTHER = table("other", 2, i64("k", 5, 6), str("v", "p", "q"));
    static final Table V1 = table("t", 3, i64("id", 1, 2, 3), str("name", "a", "b", "c"), f64("score", 1.5, 2.5, 3.5));
    /** Replaces V1: drops 'name' and 'score', adds 'label', changes the row count. */
    static final Table V2 = table("t", 4, i64("id", 10, 20, 30, 40), str("label", "w", "x", "y", "z"));

    static final Table MORE = table("t", 2, i64("id", 4, 5), str("name", "d", "e"), f64("score", 4.5, 5.5));
    static final Table EMPTY = table("t", 0, i64("id"), str("name"), f64("score"));

    interface Setup {
        void run(Path registry) throws Exception;
    }

    interface Action {
        void run(Storage s);
    }

    record Scenario(String name, Setup setup, Action action, Table before, Table after) {
        String table() {
            return (before != null ? before : after).name();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final Setup ONLY_OTHER = reg -> HandBuilt.writeDatabase(reg, OTHER);

    /** A table written by the original library (hand-built files, no .zdbc). */
    static Setup legacy(Table t) {
        return reg -> HandBuilt.writeDatabase(reg, OTHER, t);
    }

    /** A table last written by zdbc (commit record, generation files hard-linked to the legacy names). */
    static Setup committed(Table t) {
        return reg -> {
            HandBuilt.writeDatabase(reg, OTHER);
            try (ZdbcStorage s = Db.openFast(reg)) {
                s.replace(t.name(), Db.batch(t));
            }
        };
    }

    static List<Scenario> scenarios() {
        Table n1 = V1.named("data/players");
        Table n2 = V2.named("data/players");
        return List.of(
                new Scenario("create", ONLY_OTHER, s -> s.create("t", Db.defs(V1)), null, EMPTY),
                new Scenario("replace of a new table", ONLY_OTHER, s -> s.replace("t", Db.batch(V1)), null, V1),
                new Scenario("replace of a committed table", committed(V1), s -> s.replace("t", Db.batch(V2)), V1, V2),
                new Scenario("replace of a legacy table", legacy(V1), s -> s.replace("t", Db.batch(V2)), V1, V2),
                new Scenario(
                        "replace of a nested table", committed(n1), s -> s.replace(n1.name(), Db.batch(n2)), n1, n2),
                new Scenario(
                        "append to a committed table",
                        committed(V1),
                        s -> s.append("t", Db.batch(MORE)),
                        V1,
                        V1.plus(MORE)),
                new Scenario(
                        "append to a legacy table", legacy(V1), s -> s.append("t", Db.batch(MORE)), V1, V1.plus(MORE)),
                new Scenario(
                        "append to a nested legacy table",
                        legacy(n1),
                        s -> s.append(n1.name(), Db.batch(MORE)),
                        n1,
                        n1.plus(MORE.named(n1.name()))),
                new Scenario("drop of a committed table", committed(V1), s -> s.drop("t"), V1, null),
                new Scenario("drop of a legacy table", legacy(V1), s -> s.drop("t"), V1, null),
                new Scenario("drop of a nested committed table", committed(n1), s -> s.drop(n1.name()), n1, null));
    }

    static Stream<Arguments> scenariosAndModes() {
        List<Arguments> out = new ArrayList<>();
        for (Scenario s : scenarios()) {
            for (Mode m : Mode.values()) {
                out.add(Arguments.of(s, m));
            }
        }
        return out.stream();
    }

    private int dirs;

    private Path freshRegistry() {
        return tmp.resolve("db" + (dirs++)).resolve("DB");
    }

    /** Runs the scenario's write with the given faulty ops; returns what fired (null: the write completed). */
    private String failOnce(Scenario sc, Path reg, FaultyFileOps faults) throws Exception {
        sc.setup().run(reg);
        ZdbcStorage s;
        try {
            s = Db.open(reg, faults);
        } catch (ZdbcException e) {
            // Opening without an intent file changes nothing, a failure there is fine.
            assertInjected(e, faults);
            return faults.fired();
        }
        try {
            sc.action().run(s);
        } catch (ZdbcException e) {
            assertInjected(e, faults);
        } finally {
            s.close();
        }
        return faults.fired();
    }

    private static void assertInjected(Throwable e, FaultyFileOps faults) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof InjectedFault) {
                return;
            }
        }
        throw new AssertionError(
                "failed for another reason than the injected fault " + faults.fired() + "\ntrace: " + faults.trace(),
                e);
    }

    /** What every crash point must satisfy; {@code fired} describes the crash point for messages. */
    private void checkAfterFault(Scenario sc, Path reg, String fired) throws Exception {
        String where = sc + ", " + fired;
        // 1. A reader that takes no lock and runs no recovery sees one committed version.
        try (ZdbcStorage ro = Db.openReadOnly(reg)) {
            Table seen = Db.read(ro, sc.table());
            assertOldOrNew(sc, seen, "lock-free reader before recovery, " + where);
            Db.assertReads(ro, OTHER, "other");
        }
        // 2. Reopening recovers: exactly one version, legacy files included, nothing stray.
        try (ZdbcStorage s = Db.open(reg)) {
            Table got = Db.read(s, sc.table());
            assertOldOrNew(sc, got, "after recovery, " + where);
            checkLegacy(sc, reg, got, where);
            Db.assertLegacyFiles(reg, OTHER);
            assertVerifyOk(s, where);
            assertNoStrayFiles(s, reg, where);
            // 3. The interrupted write can simply be run again.
            if (Db.same(got, sc.before()) && !Db.same(sc.before(), sc.after())) {
                sc.action().run(s);
                assertEquals(Db.describe(sc.after()), Db.describe(Db.read(s, sc.table())), "retried write, " + where);
                checkLegacy(sc, reg, sc.after(), where);
                assertVerifyOk(s, where);
                assertNoStrayFiles(s, reg, where);
            }
        }
    }

    private static void assertOldOrNew(Scenario sc, Table got, String where) {
        if (!Db.same(got, sc.before()) && !Db.same(got, sc.after())) {
            fail(where + ": table is neither the old nor the new version\n  got:    " + Db.describe(got)
                    + "\n  old:    " + Db.describe(sc.before()) + "\n  new:    " + Db.describe(sc.after()));
        }
    }

    private static void checkLegacy(Scenario sc, Path reg, Table got, String where) throws Exception {
        Set<String> allCols = new LinkedHashSet<>();
        for (Table t : new Table[] {sc.before(), sc.after()}) {
            if (t != null) {
                allCols.addAll(t.colNames());
            }
        }
        try {
            if (got == null) {
                Db.assertNoLegacyFiles(reg, sc.table(), new ArrayList<>(allCols));
            } else {
                Db.assertLegacyFiles(reg, got);
                allCols.removeAll(got.colNames());
                Db.assertNoLegacyColumnFiles(reg, sc.table(), new ArrayList<>(allCols));
            }
        } catch (AssertionError e) {
            throw new AssertionError(where + ": legacy files: " + e.getMessage(), e);
        }
    }

    private static void assertVerifyOk(ZdbcStorage s, String where) {
        var r = s.verify();
        assertTrue(r.ok(), where + ": verify: " + r.problems());
    }

    private static void assertNoStrayFiles(ZdbcStorage s, Path reg, String where) throws Exception {
        try {
            Db.assertNoStrayFiles(reg, s);
        } catch (AssertionError e) {
            throw new AssertionError(where + ": " + e.getMessage(), e);
        }
    }

    /** Fails call 1, 2, 3... of the matching operations until the write completes without reaching the fault. */
    private int everyStep(Scenario sc, String op, Predicate<Path> where, Mode mode) throws Exception {
        for (int n = 1; ; n++) {
            Path reg = freshRegistry();
            FaultyFileOps faults = new FaultyFileOps(op, where, n, mode);
            String fired = failOnce(sc, reg, faults);
            if (fired == null) {
                Table got;
                try (ZdbcStorage s = Db.open(reg)) {
                    got = Db.read(s, sc.table());
                    assertVerifyOk(s, sc + " without fault");
                    assertNoStrayFiles(s, reg, sc + " without fault");
                }
                assertEquals(Db.describe(sc.after()), Db.describe(got), sc + " without fault");
                return n - 1;
            }
            checkAfterFault(sc, reg, fired);
        }
    }

    @ParameterizedTest(name = "{0}, fail {1} the N-th file operation")
    @MethodSource("scenariosAndModes")
    void everyFileOperationOfEveryWriteFailsInTurn(Scenario sc, Mode mode) throws Exception {
        int steps = everyStep(sc, null, null, mode);
        assertTrue(steps > 5, sc + " made only " + steps + " file operations?");
    }

    // ---------------------------------------------------------------- one chosen operation

    static Predicate<Path> named(String fileName) {
        return p -> p.getFileName().toString().equals(fileName);
    }

    static Stream<Arguments> chosenOperations() {
        List<Arguments> out = new ArrayList<>();
        for (Scenario sc : scenarios()) {
            out.add(Arguments.of(sc, "writeAtomically", "commit", named("commit")));
            out.add(Arguments.of(sc, "writeAtomically", "registry", named("DB")));
            out.add(Arguments.of(sc, "writeAtomically", "intent", named("intent")));
            out.add(Arguments.of(sc, "rename", "any file", null));
            out.add(Arguments.of(sc, "link", "any file", null));
            out.add(Arguments.of(sc, "force", "any file", null));
            out.add(Arguments.of(sc, "columnWrite", "any file", null));
            out.add(Arguments.of(sc, "deleteIfExists", "any file", null));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1} of {2} fails")
    @MethodSource("chosenOperations")
    void chosenOperationFailsAtEachOfItsCalls(Scenario sc, String op, String what, Predicate<Path> where)
            throws Exception {
        everyStep(sc, op, where, Mode.BEFORE);
    }

    @Test
    void commitRecordWriteFailureDuringReplaceLeavesTheOldTable() throws Exception {
        Scenario sc = scenarios().get(2);
        Path reg = freshRegistry();
        String fired = failOnce(sc, reg, new FaultyFileOps("writeAtomically", named("commit"), 1, Mode.BEFORE));
        assertNotNull(fired);
        try (ZdbcStorage s = Db.open(reg)) {
            Db.assertReads(s, V1, "t");
            Db.assertLegacyFiles(reg, V1);
        }
        checkAfterFault(sc, reg, fired);
    }

    @Test
    void registryWriteFailureDuringDropKeepsTheTable() throws Exception {
        Scenario sc = scenarios().get(8);
        Path reg = freshRegistry();
        assertNotNull(failOnce(sc, reg, new FaultyFileOps("writeAtomically", named("DB"), 1, Mode.BEFORE)));
        try (ZdbcStorage s = Db.open(reg)) {
            Db.assertReads(s, V1, "t");
            Db.assertLegacyFiles(reg, V1);
            assertVerifyOk(s, "drop");
        }
    }

    @Test
    void droppedTableIsGoneForReadersBeforeRecovery() throws Exception {
        // Drop commits by rewriting the registry; a crash right after it leaves the commit record behind.
        Scenario sc = scenarios().get(8);
        Path reg = freshRegistry();
        assertNotNull(failOnce(sc, reg, new FaultyFileOps("writeAtomically", named("DB"), 1, Mode.AFTER)));
        assertTrue(Files.exists(new Layout(reg).commitFile("t")), "the crash left the commit record");
        try (ZdbcStorage ro = Db.openReadOnly(reg)) {
            assertEquals(List.of("other"), ro.tables());
            Db.assertReads(ro, null, "t");
        }
    }

    @Test
    void registryWriteFailureDuringCreateLeavesNoTable() throws Exception {
        Scenario sc = scenarios().get(1);
        Path reg = freshRegistry();
        assertNotNull(failOnce(sc, reg, new FaultyFileOps("writeAtomically", named("DB"), 1, Mode.BEFORE)));
        try (ZdbcStorage ro = Db.openReadOnly(reg)) {
            Db.assertReads(ro, null, "t");
        }
        try (ZdbcStorage s = Db.open(reg)) {
            Db.assertReads(s, null, "t");
            assertNoStrayFiles(s, reg, "create");
        }
    }

    @Test
    void linkFailureDuringAdoptionLeavesTheLegacyTableUntouched() throws Exception {
        Scenario sc = scenarios().get(6);
        for (int n = 1; n <= V1.cols().size(); n++) {
            Path reg = freshRegistry();
            assertNotNull(failOnce(sc, reg, new FaultyFileOps("link", null, n, Mode.BEFORE)));
            Db.assertLegacyFiles(reg, V1);
            checkAfterFault(sc, reg, "link #" + n);
        }
    }

    @Test
    void truncateFailureDuringRecoveryIsRetriedByTheNextOpen() throws Exception {
        // A torn append: data written past the committed length, then the commit record write fails.
        Scenario sc = scenarios().get(5);
        Path reg = freshRegistry();
        assertNotNull(failOnce(sc, reg, new FaultyFileOps("writeAtomically", named("commit"), 1, Mode.BEFORE)));
        FaultyFileOps recoveryFaults = new FaultyFileOps("truncate", null, 1, Mode.BEFORE);
        Db.assertThrowsWith(
                ZdbcException.class, () -> Db.open(reg, recoveryFaults).close(), "injected fault: truncate #1");
        checkAfterFault(sc, reg, "truncate during recovery");
    }

    /** Recovery itself fails at each of its steps, after a write failed at each of its steps. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("recoveryScenarios")
    void everyStepOfRecoveryFailsInTurn(Scenario sc) throws Exception {
        for (int n = 1; ; n++) {
            Path first = freshRegistry();
            if (failOnce(sc, first, FaultyFileOps.nthCall(n, Mode.BEFORE)) == null) {
                return;
            }
            if (!Files.exists(new Layout(first).intentFile())) {
                continue; // nothing to recover
            }
            for (int m = 1; ; m++) {
                Path reg = freshRegistry();
                failOnce(sc, reg, FaultyFileOps.nthCall(n, Mode.BEFORE));
                FaultyFileOps recovery = FaultyFileOps.nthCall(m, Mode.BEFORE);
                try {
                    Db.open(reg, recovery).close();
                } catch (ZdbcException e) {
                    assertInjected(e, recovery);
                }
                if (recovery.fired() == null) {
                    break;
                }
                checkAfterFault(sc, reg, "write step " + n + ", recovery " + recovery.fired());
            }
        }
    }

    static Stream<Scenario> recoveryScenarios() {
        List<Scenario> all = scenarios();
        return Stream.of(all.get(0), all.get(3), all.get(6), all.get(8));
    }
}
