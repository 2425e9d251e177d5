package io.zdbc.engine.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.TableInfo;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.Connector;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Connector} must do, run against a real database: a connector's test extends it
 * and supplies {@link #connector()} and {@link #malformedFile()} (docs/PLUGINS.md, "Test kits").
 *
 * <ul>
 *   <li>Every type and its edge values survive an export and a re-import: i64 min and max, f64 NaN,
 *       ±infinity and -0.0, empty, 8-byte and multi-byte UTF-8 strings; 0, 1 and many rows, over
 *       several batches.</li>
 *   <li>A missing or malformed file is a {@link ZdbcException} whose message names the file.</li>
 *   <li>A failing import leaves the target table as it was: a malformed file, columns that are not
 *       the table's, and a failure after the first batch was read.</li>
 * </ul>
 */
public abstract class ConnectorContract {
    static final long[] LONGS = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1, 42};
    static final double[] DOUBLES = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.5, -1e300};
    /** 8 bytes, empty, multi-byte (2 and 3 bytes a character: "日本ab" is 8 bytes), with a space. */
    static final String[] STRINGS = {"abcdefgh", "", "Zoë", "日本ab", "a b", "x"};

    static final int MANY = 50;
    static final int BATCH = 7;

    @TempDir
    protected Path dir;

    protected Database db;

    /** The connector under test. */
    protected abstract Connector connector();

    /** The bytes of a file with this format's extension that the connector must refuse. */
    protected abstract byte[] malformedFile();

    /**
     * The f64 value an import of an exported {@code v} gives: {@code v} itself where the format
     * holds it. A format without infinities (JSON) overrides this.
     */
    protected double afterRoundTrip(double v) {
        return v;
    }

    /**
     * Whether the export of a table without rows still names its columns, so that it imports as 0
     * rows. A format whose files have no header (JSON lines) returns false; its import of such a
     * file must then fail naming the file, changing nothing.
     */
    protected boolean emptyExportHasColumns() {
        return true;
    }

    @BeforeEach
    void openDatabase() {
        db = Zdbc.open(dir.resolve("contract.db"), OpenOptions.defaults().withDurability(Durability.FAST));
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    protected Path file(String name) {
        return dir.resolve(name + "." + connector().extensions().get(0));
    }

    static Batch rows(int n) {
        long[] l = new long[n];
        double[] d = new double[n];
        String[] s = new String[n];
        for (int i = 0; i < n; i++) {
            l[i] = LONGS[i % LONGS.length];
            d[i] = DOUBLES[i % DOUBLES.length];
            s[i] = STRINGS[i % STRINGS.length];
        }
        // One finite fraction first, so that formats which infer types see an f64 column at once.
        if (n > 0) {
            d[0] = 0.25;
        }
        return Batch.builder().i64("id", l).f64("x", d).str("s", s).build();
    }

    private void roundTrip(int n) {
        db.write("src", rows(n));
        Path f = file("rows" + n);
        TransferReport out = connector().exportTable(db, "src", f, TransferOptions.defaults());
        assertEquals(n, out.rows(), "exported rows");
        TransferReport in =
                connector().importFile(f, db, "back", TransferOptions.defaults().withBatchRows(BATCH));
        assertEquals(n, in.rows(), "imported rows");
        assertEquals(0, in.trimmed(), "trimmed values");
        assertSameRows("src", "back");
    }

    private void assertSameRows(String want, String got) {
        TableInfo w = db.info(want);
        TableInfo g = db.info(got);
        assertEquals(w.columns(), g.columns(), "columns of '" + got + "'");
        assertEquals(w.rows(), g.rows(), "rows of '" + got + "'");
        try (TableSnapshot a = db.read(want);
                TableSnapshot b = db.read(got)) {
            for (ColumnDef c : w.columns()) {
                ColumnView x = a.column(c.name());
                ColumnView y = b.column(c.name());
                for (long r = 0; r < w.rows(); r++) {
                    String at = "column '" + c.name() + "', row " + r;
                    if (c.type() == ColumnType.I64) {
                        assertEquals(x.getLong(r), y.getLong(r), at);
                    } else if (c.type() == ColumnType.F64) {
                        double expected = afterRoundTrip(x.getDouble(r));
                        assertEquals(
                                Double.doubleToLongBits(expected),
                                Double.doubleToLongBits(y.getDouble(r)),
                                at + ": want " + expected + ", got " + y.getDouble(r));
                    } else {
                        assertEquals(x.getString(r), y.getString(r), at);
                    }
                }
            }
        }
    }

    @Test
    void oneRowOfEveryTypeRoundTrips() {
        roundTrip(1);
    }

    @Test
    void manyRowsOfEdgeValuesRoundTripOverSeveralBatches() {
        roundTrip(MANY);
    }

    @Test
    void aTableWithoutRowsRoundTripsIntoAnExistingTable() throws IOException {
        db.write("src", rows(0));
        db.write("back", rows(0));
        Path f = file("empty");
        assertEquals(
                0,
                connector()
                        .exportTable(db, "src", f, TransferOptions.defaults())
                        .rows());
        if (emptyExportHasColumns()) {
            assertEquals(
                    0,
                    connector()
                            .importFile(f, db, "back", TransferOptions.defaults())
                            .rows());
            assertSameRows("src", "back");
        } else {
            assertRefusedNamingTheFile(f, "back");
        }
    }

    @Test
    void anImportIntoAnExistingTableAppends() {
        db.write("src", rows(MANY));
        db.write("back", rows(MANY));
        Path f = file("append");
        connector().exportTable(db, "src", f, TransferOptions.defaults());
        TransferReport r =
                connector().importFile(f, db, "back", TransferOptions.defaults().withBatchRows(BATCH));
        assertEquals(MANY, r.rows());
        assertEquals(2L * MANY, db.count("back"));
    }

    @Test
    void aMissingFileIsAnErrorNamingIt() {
        assertNoTableFrom(file("absent"));
    }

    @Test
    void aMalformedFileIsAnErrorNamingItAndCreatesNoTable() throws IOException {
        Path f = file("malformed");
        Files.write(f, malformedFile());
        assertNoTableFrom(f);
    }

    private void assertNoTableFrom(Path f) {
        ZdbcException e =
                assertThrows(ZdbcException.class, () -> connector().importFile(f, db, "t", TransferOptions.defaults()));
        assertNamesFile(e, f);
        assertFalse(db.exists("t"), "a failed import created the table");
    }

    @Test
    void aMalformedFileLeavesAnExistingTableUntouched() throws IOException {
        Path f = file("malformed");
        Files.write(f, malformedFile());
        assertRefusedNamingTheFile(f, null);
    }

    @Test
    void anAppendWithOtherColumnsLeavesTheTableUntouched() {
        db.write("other", Batch.builder().i64("id", 1, 2).f64("y", 1.5, 2.5).build());
        Path f = file("othercols");
        db.write("src", rows(3));
        connector().exportTable(db, "src", f, TransferOptions.defaults());
        TableInfo before = db.info("other");
        ZdbcException e = assertThrows(
                ZdbcException.class, () -> connector().importFile(f, db, "other", TransferOptions.defaults()));
        assertTrue(e.getMessage().contains("'other'"), "the error names the table: " + e.getMessage());
        assertEquals(before, db.info("other"), "a refused append changed the table");
    }

    @Test
    void aFailureAfterTheFirstBatchLeavesTheTableUntouched() {
        db.write("src", rows(MANY));
        Path f = file("midway");
        connector().exportTable(db, "src", f, TransferOptions.defaults());
        for (String table : new String[] {"fresh", "existing"}) {
            if (table.equals("existing")) {
                db.write(table, rows(5));
            }
            TableInfo before = db.exists(table) ? db.info(table) : null;
            Database failing = FailingDatabase.afterBatches(db, 1);
            RuntimeException e = assertThrows(
                    RuntimeException.class,
                    () -> connector()
                            .importFile(
                                    f,
                                    failing,
                                    table,
                                    TransferOptions.defaults().withBatchRows(BATCH)));
            assertTrue(FailingDatabase.isItsFailure(e), "the iterator's failure propagates: " + e);
            assertEquals(before, db.exists(table) ? db.info(table) : null, "a failed import changed '" + table + "'");
        }
    }

    private void assertRefusedNamingTheFile(Path f, String table) {
        String t = table == null ? "existing" : table;
        if (!db.exists(t)) {
            db.write(t, rows(4));
        }
        TableInfo before = db.info(t);
        List<Object> values = values(t);
        ZdbcException e =
                assertThrows(ZdbcException.class, () -> connector().importFile(f, db, t, TransferOptions.defaults()));
        assertNamesFile(e, f);
        assertEquals(before, db.info(t), "a failed import changed the table");
        assertEquals(values, values(t), "a failed import changed the table's values");
    }

    private List<Object> values(String table) {
        List<Object> out = new ArrayList<>();
        try (TableSnapshot s = db.read(table)) {
            for (ColumnView c : s.columns()) {
                for (long r = 0; r < s.rows(); r++) {
                    out.add(
                            c.type() == ColumnType.I64
                                    ? (Object) c.getLong(r)
                                    : c.type() == ColumnType.F64
                                            ? (Object) Double.doubleToLongBits(c.getDouble(r))
                                            : c.getString(r));
                }
            }
        }
        return out;
    }

    private static void assertNamesFile(ZdbcException e, Path f) {
        assertTrue(
                e.getMessage() != null
                        && e.getMessage().contains(f.getFileName().toString()),
                "the error names the file " + f.getFileName() + ": " + e.getMessage());
    }
}
