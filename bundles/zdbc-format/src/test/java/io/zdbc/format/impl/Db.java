package io.zdbc.format.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnData;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Durability;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.VerifyReport;
import io.zdbc.format.impl.HandBuilt.Col;
import io.zdbc.format.impl.HandBuilt.Table;
import io.zdbc.spi.TableState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Opening databases and checking tables against hand-built expectations. */
final class Db {
    private Db() {}

    static ZdbcStorage open(Path registry) {
        return ZdbcStorage.open(registry, OpenOptions.defaults(), new TestColumnIO(), FileOps.DEFAULT);
    }

    static ZdbcStorage openFast(Path registry) {
        return ZdbcStorage.open(
                registry, OpenOptions.defaults().withDurability(Durability.FAST), new TestColumnIO(), FileOps.DEFAULT);
    }

    static ZdbcStorage openReadOnly(Path registry) {
        return ZdbcStorage.open(registry, OpenOptions.readOnlyDefaults(), new TestColumnIO(), FileOps.DEFAULT);
    }

    static ZdbcStorage open(Path registry, FaultyFileOps faults) {
        return ZdbcStorage.open(registry, OpenOptions.defaults(), new TestColumnIO(faults), faults);
    }

    static Batch batch(Table t) {
        List<ColumnData> cols = new ArrayList<>();
        for (Col c : t.cols()) {
            switch (c.type()) {
                case HandBuilt.I64:
                    cols.add(ColumnData.ofLongs(c.name(), HandBuilt.longsOf(c.data())));
                    break;
                case HandBuilt.F64:
                    cols.add(ColumnData.ofDoubles(c.name(), HandBuilt.doublesOf(c.data())));
                    break;
                default:
                    cols.add(ColumnData.ofPackedStrings(c.name(), c.data().clone()));
            }
        }
        return Batch.of(cols);
    }

    static List<ColumnDef> defs(Table t) {
        List<ColumnDef> defs = new ArrayList<>();
        for (Col c : t.cols()) {
            defs.add(ColumnDef.of(c.name(), ColumnType.fromCode(c.type())));
        }
        return defs;
    }

    /** The table as a reader sees it: state() and the first rows × 8 bytes of each file; null if absent. */
    static Table read(ZdbcStorage s, String name) throws IOException {
        boolean listed = s.tables().contains(name);
        TableState st;
        try {
            st = s.state(name);
        } catch (NoSuchTableException e) {
            assertFalse(listed, "registry lists '" + name + "' but state() says it does not exist");
            return null;
        }
        assertTrue(listed, "state() returns table '" + name + "' but the registry does not list it");
        List<Col> cols = new ArrayList<>();
        long bytes = st.rows() * 8;
        for (int i = 0; i < st.columns().size(); i++) {
            ColumnDef d = st.columns().get(i);
            Path f = st.columnFiles().get(i);
            byte[] data = new byte[(int) bytes];
            try (InputStream in = Files.newInputStream(f)) {
                int n = in.readNBytes(data, 0, data.length);
                assertEquals(bytes, n, f + " is shorter than the committed " + st.rows() + " rows");
            }
            cols.add(new Col(d.name(), d.type().code(), data));
        }
        return new Table(name, st.rows(), cols);
    }

    static String describe(Table t) {
        if (t == null) {
            return "<absent>";
        }
        StringBuilder sb = new StringBuilder(t.name() + " rows=" + t.rows());
        for (Col c : t.cols()) {
            sb.append(" | ")
                    .append(c.name())
                    .append(':')
                    .append(c.type())
                    .append(' ')
                    .append(HandBuilt.hex(c.data()));
        }
        return sb.toString();
    }

    static boolean same(Table a, Table b) {
        return describe(a).equals(describe(b));
    }

    /** Reader view equals {@code expected} (null: absent). */
    static void assertReads(ZdbcStorage s, Table expected, String name) throws IOException {
        assertEquals(describe(expected), describe(read(s, name)));
    }

    /** The original library's files of the table are exactly the expected ones. */
    static void assertLegacyFiles(Path registry, Table t) throws IOException {
        Path dir = HandBuilt.dataDir(registry);
        Path schema = dir.resolve(t.name() + ".schema");
        assertTrue(Files.exists(schema), schema + " missing");
        assertArrayEquals(t.schemaBytes(), Files.readAllBytes(schema), "legacy schema " + schema);
        for (Col c : t.cols()) {
            Path f = dir.resolve(t.name() + "." + c.name());
            assertTrue(Files.exists(f), f + " missing");
            assertEquals(HandBuilt.hex(c.data()), HandBuilt.hex(Files.readAllBytes(f)), "legacy column file " + f);
        }
    }

    static void assertNoLegacyFiles(Path registry, String table, List<String> columns) {
        Path dir = HandBuilt.dataDir(registry);
        assertFalse(Files.exists(dir.resolve(table + ".schema")), "schema file of '" + table + "' remains");
        for (String c : columns) {
            assertFalse(Files.exists(dir.resolve(table + "." + c)), "column file " + table + "." + c + " remains");
        }
    }

    static void assertNoLegacyColumnFiles(Path registry, String table, List<String> columns) {
        Path dir = HandBuilt.dataDir(registry);
        for (String c : columns) {
            assertFalse(Files.exists(dir.resolve(table + "." + c)), "column file " + table + "." + c + " remains");
        }
    }

    static void assertVerifyOk(ZdbcStorage s) {
        VerifyReport r = s.verify();
        assertTrue(r.ok(), "verify: " + r.problems());
    }

    /**
     * Every regular file of the database is accounted for: the registry, each registered table's
     * legacy schema and column files, and under .zdbc only the lock, the change counter and, per table with a commit
     * record, the record and one generation file per column. Temporaries, intents, old
     * generations and column files of dropped columns are failures.
     */
    static void assertNoStrayFiles(Path registry, ZdbcStorage s) throws IOException {
        Path root = registry.getParent();
        Path dir = HandBuilt.dataDir(registry);
        Layout layout = new Layout(registry);
        TreeSet<String> expected = new TreeSet<>();
        expected.add(rel(root, registry));
        expected.add(rel(root, layout.lockFile()));
        expected.add(rel(root, layout.changesFile()));
        for (String t : s.tables()) {
            TableState st = s.state(t);
            expected.add(rel(root, dir.resolve(t + ".schema")));
            for (ColumnDef c : st.columns()) {
                expected.add(rel(root, dir.resolve(t + "." + c.name())));
            }
            if (Files.exists(layout.commitFile(t))) {
                expected.add(rel(root, layout.commitFile(t)));
                for (Path f : st.columnFiles()) {
                    expected.add(rel(root, f));
                }
            }
        }
        TreeSet<String> actual;
        try (Stream<Path> w = Files.walk(root)) {
            actual = w.filter(Files::isRegularFile)
                    .map(p -> rel(root, p))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        if (!actual.equals(expected)) {
            TreeSet<String> extra = new TreeSet<>(actual);
            extra.removeAll(expected);
            TreeSet<String> missing = new TreeSet<>(expected);
            missing.removeAll(actual);
            fail("files differ from the committed state; extra " + extra + ", missing " + missing);
        }
    }

    private static String rel(Path root, Path p) {
        return root.relativize(p.toAbsolutePath().normalize()).toString();
    }

    static <T extends Throwable> T assertThrowsWith(Class<T> type, Runnable r, String... fragments) {
        T e = assertThrows(type, r::run);
        for (String f : fragments) {
            assertTrue(
                    e.getMessage() != null && e.getMessage().contains(f),
                    "message '" + e.getMessage() + "' should contain '" + f + "'");
        }
        return e;
    }

    static List<String> list(String... s) {
        return Arrays.asList(s);
    }
}
