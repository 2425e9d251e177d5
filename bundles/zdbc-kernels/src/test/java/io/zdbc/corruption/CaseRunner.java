package io.zdbc.corruption;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnData;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.VerifyReport;
import io.zdbc.api.ZdbcException;
import io.zdbc.corruption.BaseDatabases.Shape;
import io.zdbc.corruption.BaseDatabases.TableModel;
import io.zdbc.corruption.Reference.Expect;
import io.zdbc.corruption.Reference.Kind;
import io.zdbc.corruption.Reference.TableData;
import io.zdbc.corruption.TableChecks.Probe;
import io.zdbc.engine.Zdbc;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * One mutated database through every operation: a read-only pass (open, list, read every column,
 * DSL queries, verify), then a read-write pass (open with recovery, read, append, replace, drop),
 * each answer held to {@link Reference}.
 */
final class CaseRunner {
    private final Shape shape;
    private final Reference ref;
    private final Path reg;
    private final SplittableRandom random;
    private final boolean intentPresent;

    CaseRunner(Shape shape, Reference ref, SplittableRandom random) {
        this.shape = shape;
        this.ref = ref;
        this.reg = ref.registry();
        this.random = random;
        this.intentPresent = Files.exists(HandBytes.dataDir(reg).resolve(".zdbc/intent"));
    }

    void run() {
        Map<String, Expect> before = expectAll();
        readOnlyPass(before);
        readWritePass(before);
    }

    private Map<String, Expect> expectAll() {
        Map<String, Expect> out = new HashMap<>();
        for (TableModel m : shape.tables()) {
            out.put(m.name(), ref.expect(m));
        }
        return out;
    }

    private void readOnlyPass(Map<String, Expect> expected) {
        List<String> names = ref.tables();
        Database db;
        try {
            db = Zdbc.open(reg, OpenOptions.readOnlyDefaults());
        } catch (Throwable t) {
            checkError("open read-only", t, names == null ? corrupt(reg) : strictlyFine());
            return;
        }
        try (db) {
            if (names != null) {
                List<String> got = attempt("tables()", db::tables, strictlyFine());
                if (!names.equals(got)) {
                    fail("tables() gave " + got + ", the registry says " + names);
                }
            }
            for (TableModel m : shape.tables()) {
                // Every query on the tables the mutation touched; the others are read and counted.
                checkTable(db, m, expected.get(m.name()), ref.touched(m));
            }
            VerifyReport v = attempt("verify() read-only", db::verify, strictlyFine());
            boolean mustFail = ref.verifyMustFail(shape.tables());
            if (mustFail && v.ok()) {
                fail("verify() found nothing wrong");
            }
            if (!mustFail && !ref.mutated(reg) && !v.ok()) {
                fail("verify() reports problems in a database that has none: " + v.problems());
            }
        }
    }

    private void readWritePass(Map<String, Expect> before) {
        Database db;
        try {
            db = Zdbc.open(reg, OpenOptions.defaults().withDurability(Durability.FAST));
        } catch (Throwable t) {
            // Recovery (of the leftover intent) reads what it recovers, and may find it corrupt.
            boolean mayFail = ref.tables() == null || intentPresent;
            checkError("open read-write", t, mayFail ? corrupt(reg) : strictlyFine());
            return;
        }
        try (db) {
            Map<String, Expect> now = expectAll();
            for (TableModel m : shape.tables()) {
                Expect was = before.get(m.name());
                Expect is = now.get(m.name());
                if (was.kind() == Kind.OK
                        && was.strict()
                        && !(is.kind() == Kind.OK && is.data().sameAs(was.data()))) {
                    fail("opening read-write changed the committed data of '" + m.name() + "': now " + is);
                }
                if (ref.touched(m)) {
                    checkTable(db, m, is, false);
                }
            }
            List<TableModel> withColumns = new ArrayList<>();
            for (TableModel m : shape.tables()) {
                if (!m.columns().isEmpty()) {
                    withColumns.add(m);
                }
            }
            TableModel a = withColumns.get(random.nextInt(withColumns.size()));
            append(db, a, now);
            TableModel w = shape.tables().get(random.nextInt(shape.tables().size()));
            replace(db, w, now);
            TableModel d = shape.tables().get(random.nextInt(shape.tables().size()));
            drop(db, d, now);
            for (TableModel m : shape.tables()) {
                Expect e = now.get(m.name());
                if (ref.touched(m) || m == a || m == w || m == d) {
                    checkTable(db, m, e, false);
                } else if (!sameOnDisk(ref.expect(m), e)) {
                    fail("writing other tables changed the files of '" + m.name() + "': now " + ref.expect(m));
                }
            }
        }
    }

    private void append(Database db, TableModel m, Map<String, Expect> now) {
        Expect e = now.get(m.name());
        List<ColumnData> cols = new ArrayList<>();
        for (ColumnDef c : m.columns()) {
            ColumnData all = BaseDatabases.everyType(2, 11)
                    .column(c.type() == ColumnType.I64 ? "id" : c.type() == ColumnType.F64 ? "x" : "s");
            cols.add(rename(all, c.name()));
        }
        Batch batch = Batch.of(cols);
        try {
            db.append(m.name(), batch);
        } catch (Throwable t) {
            // Adoption takes legacy files of exactly rows × 8 bytes only (PROTOCOL.md 1.3).
            boolean refused = e.legacy() && !e.exact();
            checkError("append to '" + m.name() + "'", t, refused ? corrupt(reg) : e);
            return;
        }
        if (e.kind() != Kind.OK) {
            fail("append to '" + m.name() + "' succeeded, but the table is " + e.kind() + " (" + e.blame() + ")");
        }
        List<TableData> after = new ArrayList<>();
        for (TableData d : acceptable(m, e)) {
            after.add(plus(d, batch));
        }
        TableData got = attempt(
                "read '" + m.name() + "' after append", () -> TableChecks.readAll(db, m.name()), strictlyFine());
        if (after.stream().noneMatch(got::sameAs)) {
            fail("after append '" + m.name() + "' reads " + got.rows() + " rows " + got.columns()
                    + ", not the rows before plus the appended ones");
        }
        now.put(m.name(), new Expect(Kind.OK, got, null, true, false));
    }

    private void replace(Database db, TableModel m, Map<String, Expect> now) {
        Batch batch = BaseDatabases.everyType(4, 13);
        try {
            db.write(m.name(), batch);
        } catch (Throwable t) {
            Expect e = now.get(m.name());
            // A name missing from the registry is created anew; stale files of it may be in the way.
            checkError("write '" + m.name() + "'", t, e.kind() == Kind.NO_TABLE ? corrupt(reg) : e);
            return;
        }
        TableData want = new TableData(batch.defs(), batch.rows(), bytesOf(batch));
        now.put(m.name(), new Expect(Kind.OK, want, null, true, false));
    }

    private void drop(Database db, TableModel m, Map<String, Expect> now) {
        try {
            db.drop(m.name());
        } catch (Throwable t) {
            checkError("drop '" + m.name() + "'", t, now.get(m.name()));
            return;
        }
        if (Files.exists(HandBytes.legacySchema(reg, m.name())) || Files.exists(HandBytes.tableDir(reg, m.name()))) {
            fail("drop '" + m.name() + "' left its schema file or table directory behind");
        }
        now.put(m.name(), new Expect(Kind.NO_TABLE, null, reg, true, false));
    }

    /** Reads the table (and in the read-only pass asks every DSL probe): each answer acceptable or a clear error. */
    private void checkTable(Database db, TableModel m, Expect e, boolean queries) {
        String t = m.name();
        List<TableData> acceptable = acceptable(m, e);
        TableData read;
        try {
            read = TableChecks.readAll(db, t);
        } catch (Throwable x) {
            checkError("read '" + t + "'", x, e);
            read = null;
        }
        if (read != null && acceptable.stream().noneMatch(read::sameAs)) {
            fail("read '" + t + "' gave " + read.rows() + " rows " + read.columns() + " that are not "
                    + (e.kind() == Kind.OK
                            ? "the bytes on disk"
                            : "possible: the table is " + e.kind() + " (" + e.blame() + ")"));
        }
        List<Probe> probes = new ArrayList<>(TableChecks.probes(t));
        if (queries) {
            probes.addAll(TableChecks.columnProbes(t, acceptable.isEmpty() ? TableData.of(m) : acceptable.get(0)));
        } else {
            probes = probes.subList(0, 2);
        }
        for (Probe p : probes) {
            Object got;
            try {
                got = p.ask().apply(db);
            } catch (Throwable x) {
                checkError(p.name() + " of '" + t + "'", x, e);
                continue;
            }
            String wrong = acceptable.isEmpty()
                    ? p.name() + " of '" + t + "' answered " + got + " although the table is " + e.kind() + " ("
                            + e.blame() + ")"
                    : p.mismatch(got, acceptable);
            if (wrong != null) {
                fail(wrong);
            }
        }
    }

    private static boolean sameOnDisk(Expect a, Expect b) {
        return a.kind() == b.kind()
                && (a.data() == null
                        ? b.data() == null
                        : b.data() != null && a.data().sameAs(b.data()));
    }

    /** The data a read may give: what is on disk, or the original data when metadata was damaged. */
    private static List<TableData> acceptable(TableModel m, Expect e) {
        List<TableData> out = new ArrayList<>();
        if (e.kind() == Kind.OK) {
            out.add(e.data());
        }
        if (!e.strict() && e.kind() != Kind.NO_TABLE) {
            out.add(TableData.of(m));
        }
        return out;
    }

    /**
     * An error is right when the table is not intact, it is a {@link ZdbcException}, and it names a
     * file of the database (or, for a table gone from the registry, is {@link NoSuchTableException}).
     */
    private void checkError(String op, Throwable t, Expect e) {
        if (!(t instanceof ZdbcException)) {
            fail(op + " threw " + stack(t));
        }
        if (e.kind() == Kind.OK && e.strict()) {
            fail(op + " failed on an intact table: " + stack(t));
        }
        if (e.kind() == Kind.NO_TABLE && e.strict()) {
            if (!(t instanceof NoSuchTableException)) {
                fail(op + " on a dropped table threw " + stack(t));
            }
            return;
        }
        String msg = String.valueOf(t.getMessage());
        boolean namesFile = msg.contains(reg.getParent().toString());
        boolean otherTable = !e.strict() && e.kind() == Kind.OK; // a damaged schema made it another valid table
        if (!namesFile && !otherTable && !(t instanceof NoSuchTableException && e.kind() == Kind.NO_TABLE)) {
            fail(op + " error does not name the file: " + stack(t));
        }
    }

    private <T> T attempt(String op, Supplier<T> s, Expect e) {
        try {
            return s.get();
        } catch (Throwable t) {
            checkError(op, t, e);
            throw new AssertionError("unreachable");
        }
    }

    private static Expect strictlyFine() {
        return new Expect(Kind.OK, null, null, true, false);
    }

    private static Expect corrupt(Path f) {
        return new Expect(Kind.CORRUPT, null, f, false, false);
    }

    private static ColumnData rename(ColumnData d, String name) {
        switch (d.type()) {
            case I64:
                return ColumnData.ofLongs(name, d.longs());
            case F64:
                return ColumnData.ofDoubles(name, d.doubles());
            default:
                return ColumnData.ofPackedStrings(name, d.packedStrings());
        }
    }

    private static List<byte[]> bytesOf(Batch b) {
        List<byte[]> out = new ArrayList<>();
        for (ColumnDef c : b.defs()) {
            out.add(HandBytes.columnBytes(b.column(c.name())));
        }
        return out;
    }

    private static TableData plus(TableData d, Batch b) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < d.columns().size(); i++) {
            ColumnData c = b.column(d.columns().get(i).name());
            byte[] add = c == null ? new byte[0] : HandBytes.columnBytes(c);
            byte[] joined = Arrays.copyOf(d.bytes().get(i), d.bytes().get(i).length + add.length);
            System.arraycopy(add, 0, joined, d.bytes().get(i).length, add.length);
            out.add(joined);
        }
        return new TableData(d.columns(), d.rows() + b.rows(), out);
    }

    private static String stack(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private static void fail(String what) {
        throw new AssertionError(what);
    }
}
