package io.zdbc.csv.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Database;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV import and export: RFC 4180, inference, overrides, bad rows, nulls, atomicity, progress. */
class CsvConnectorTest {
    @TempDir
    Path dir;

    Database db;
    final CsvConnector csv = new CsvConnector();

    @BeforeEach
    void open() {
        db = Zdbc.open(dir.resolve("db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    TransferReport importCsv(String content, String table, TransferOptions o) throws Exception {
        return csv.importFile(file(table.replace('/', '_') + ".csv", content), db, table, o);
    }

    List<String> rows(String table) {
        return rows(db, table);
    }

    /** The table's rows as "v1|v2|…" (doubles as Java prints them), for comparing with expected rows. */
    static List<String> rows(Database db, String table) {
        List<String> out = new ArrayList<>();
        try (TableSnapshot s = db.read(table)) {
            for (long r = 0; r < s.rows(); r++) {
                StringBuilder sb = new StringBuilder();
                for (var c : s.columns()) {
                    sb.append(sb.length() == 0 ? "" : "|");
                    sb.append(
                            c.type() == ColumnType.I64
                                    ? String.valueOf(c.getLong(r))
                                    : c.type() == ColumnType.F64 ? String.valueOf(c.getDouble(r)) : c.getString(r));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    @Test
    void rfc4180QuotesEmbeddedNewlinesAndCrlf() throws Exception {
        TransferReport r = importCsv(
                "id,name,note\r\n1,\"a,b\",\"x\"\"y\"\r\n2,\"multi\r\nline\",plain\r\n",
                "t",
                TransferOptions.defaults());
        assertEquals(2, r.rows());
        assertEquals(List.of("1|a,b|x\"y", "2|multi\r\nl|plain"), rows("t"));
    }

    @Test
    void typesAreInferredAndCanBeOverridden() throws Exception {
        importCsv("a,b,c,d\n1,1.5,x,007\n-2,1e3,y,010\n", "t", TransferOptions.defaults());
        assertEquals(List.of(ColumnType.I64, ColumnType.F64, ColumnType.STR, ColumnType.I64), types("t"));
        importCsv(
                "a,b,c,d\n1,1.5,x,007\n-2,1e3,y,010\n",
                "u",
                TransferOptions.defaults().withTypes(Map.of("d", ColumnType.STR, "a", ColumnType.F64)));
        assertEquals(List.of(ColumnType.F64, ColumnType.F64, ColumnType.STR, ColumnType.STR), types("u"));
        assertEquals(List.of("1.0|1.5|x|007", "-2.0|1000.0|y|010"), rows("u"));
    }

    List<ColumnType> types(String table) {
        List<ColumnType> t = new ArrayList<>();
        db.info(table).columns().forEach(c -> t.add(c.type()));
        return t;
    }

    @Test
    void delimiterOption() throws Exception {
        importCsv("a;b\n1;x\n", "t", TransferOptions.defaults().withDelimiter(';'));
        assertEquals(List.of("1|x"), rows("t"));
    }

    @Test
    void columnsOptionImportsOnlyThoseInThatOrder() throws Exception {
        importCsv("a,b,c\n1,x,2.5\n", "t", TransferOptions.defaults().withColumns(List.of("c", "a")));
        assertEquals(List.of("2.5|1"), rows("t"));
        ZdbcException e = assertThrows(
                ZdbcException.class,
                () -> importCsv("a,b\n1,2\n", "u", TransferOptions.defaults().withColumns(List.of("zz"))));
        assertTrue(e.getMessage().contains("no column 'zz'"), e.getMessage());
    }

    @Test
    void malformedRowNamesItsLineAndLeavesNoTable() throws Exception {
        ZdbcException e = assertThrows(
                ZdbcException.class, () -> importCsv("a,b\n1,2\n3\n4,5\n", "t", TransferOptions.defaults()));
        assertTrue(e.getMessage().contains("line 3: 1 fields, but the header has 2"), e.getMessage());
        assertTrue(e.getMessage().contains("t.csv"), "names the file: " + e.getMessage());
        assertFalse(db.exists("t"));
    }

    @Test
    void unparsableNumberNamesLineAndColumn() throws Exception {
        TransferOptions o = TransferOptions.defaults().withTypes(Map.of("b", ColumnType.I64));
        ZdbcException e = assertThrows(ZdbcException.class, () -> importCsv("a,b\n1,2\n3,x\n", "t", o));
        assertTrue(e.getMessage().contains("line 3: column 'b': 'x' is not a valid i64"), e.getMessage());
    }

    @Test
    void skipBadRowsSkipsWholeRowsAndCountsThem() throws Exception {
        TransferOptions o = TransferOptions.defaults()
                .withTypes(Map.of("b", ColumnType.I64))
                .withSkipBadRows(true);
        TransferReport r = importCsv("a,b\n1,2\n3,x\n4\n5,6,7\n8,9\n", "t", o);
        assertEquals(2, r.rows());
        assertEquals(3, r.skipped());
        assertEquals(List.of("1|2", "8|9"), rows("t"));
    }

    @Test
    void unclosedQuoteIsAClearError() throws Exception {
        ZdbcException e = assertThrows(
                ZdbcException.class, () -> importCsv("a,b\n1,\"never closed\n2,3\n", "t", TransferOptions.defaults()));
        assertTrue(e.getMessage().contains("t.csv"), e.getMessage());
        assertFalse(db.exists("t"));
    }

    @Test
    void emptyNumericFieldsAreNullsOrRejectedWhenStrict() throws Exception {
        TransferReport r = importCsv("a,b,c\n,1.5,x\n2,,\n", "t", TransferOptions.defaults());
        assertEquals(2, r.nulls(), "empty numerics count; an empty str is just an empty string");
        assertEquals(List.of("0|1.5|x", "2|NaN|"), rows("t"));
        ZdbcException e = assertThrows(
                ZdbcException.class,
                () -> importCsv(
                        "a,b\n1,2\n3,\n", "u", TransferOptions.defaults().withStrict(true)));
        assertTrue(
                e.getMessage()
                        .contains("line 3: column 'b' is empty (--strict rejects empty numeric fields;"
                                + " without it they are stored as 0)"),
                e.getMessage());
        assertFalse(db.exists("u"));
    }

    @Test
    void longStringsAreTrimmedAndCounted() throws Exception {
        TransferReport r = importCsv("s\nshort\nexactly8\nmuch longer\nZoëZoëZoë\n", "t", TransferOptions.defaults());
        assertEquals(2, r.trimmed());
        assertEquals(List.of("short", "exactly8", "much lon", "ZoëZoë"), rows("t"));
    }

    @Test
    void importIntoAnExistingTableAppendsAtomically() throws Exception {
        importCsv("a,b\n1,x\n", "t", TransferOptions.defaults());
        long version = db.info("t").version();
        importCsv("b,a\ny,2\n", "t", TransferOptions.defaults());
        assertEquals(List.of("1|x", "2|y"), rows("t"));
        // A bad row after many good batches: nothing of this import is kept.
        StringBuilder sb = new StringBuilder("a,b\n");
        for (int i = 0; i < 1000; i++) {
            sb.append(i).append(",v\n");
        }
        sb.append("oops,v\n");
        long before = db.info("t").version();
        assertThrows(
                ZdbcException.class,
                () -> importCsv(sb.toString(), "t", TransferOptions.defaults().withBatchRows(10)));
        assertEquals(List.of("1|x", "2|y"), rows("t"));
        assertEquals(before, db.info("t").version());
        assertTrue(before > version);
        assertEquals(0, db.verify().problems().size());
    }

    @Test
    void appendWithOtherColumnsIsRefused() throws Exception {
        importCsv("a,b\n1,x\n", "t", TransferOptions.defaults());
        ZdbcException e =
                assertThrows(ZdbcException.class, () -> importCsv("a,c\n1,x\n", "t", TransferOptions.defaults()));
        assertTrue(e.getMessage().contains("has no column 'c'"), e.getMessage());
    }

    @Test
    void manyBatchesImportAsOneCommit() throws Exception {
        StringBuilder sb = new StringBuilder("n,half\n");
        for (int i = 0; i < 10_000; i++) {
            sb.append(i).append(',').append(i / 2.0).append('\n');
        }
        TransferReport r =
                importCsv(sb.toString(), "t", TransferOptions.defaults().withBatchRows(777));
        assertEquals(10_000, r.rows());
        assertEquals(1, db.info("t").version());
        try (TableSnapshot s = db.read("t")) {
            long[] n = s.column("n").toLongArray();
            for (int i = 0; i < n.length; i++) {
                assertEquals(i, n[i]);
            }
        }
    }

    @Test
    void progressReportsBytesUpToTheFileSize() throws Exception {
        StringBuilder sb = new StringBuilder("n\n");
        for (int i = 0; i < 50_000; i++) {
            sb.append(i).append('\n');
        }
        Path p = file("big.csv", sb.toString());
        List<long[]> seen = new ArrayList<>();
        csv.importFile(
                p,
                db,
                "t",
                TransferOptions.defaults()
                        .withBatchRows(1000)
                        .withProgress((done, total) -> seen.add(new long[] {done, total})));
        assertTrue(seen.size() > 2, "reported during the import, not only at the end");
        long size = Files.size(p);
        long prev = 0;
        for (long[] s : seen) {
            assertEquals(size, s[1]);
            assertTrue(s[0] >= prev && s[0] <= size);
            prev = s[0];
        }
        assertEquals(size, prev);
    }

    @Test
    void exportRoundTripsEdgeValuesAndNeverLeavesAPartialFile() throws Exception {
        db.write(
                "t",
                Batch.builder()
                        .i64("i", Long.MIN_VALUE, Long.MAX_VALUE, 0)
                        .f64("f", Double.NaN, Double.NEGATIVE_INFINITY, -0.0)
                        .str("s", "", "a,\"b\"", "Zoë")
                        .build());
        Path out = dir.resolve("out.csv");
        TransferReport r = csv.exportTable(db, "t", out, TransferOptions.defaults());
        assertEquals(3, r.rows());
        assertEquals(
                "i,f,s\n-9223372036854775808,NaN,\n9223372036854775807,-Infinity,\"a,\"\"b\"\"\"\n0,-0.0,Zoë\n",
                Files.readString(out));
        csv.importFile(out, db, "back", TransferOptions.defaults().withTypes(Map.of("s", ColumnType.STR)));
        assertEquals(rows("t"), rows("back"));
        assertThrows(
                RuntimeException.class,
                () -> csv.exportTable(db, "missing", dir.resolve("m.csv"), TransferOptions.defaults()));
        assertFalse(Files.exists(dir.resolve("m.csv")));
        assertFalse(Files.exists(dir.resolve("m.csv.zdbc-tmp")));
    }

    @Test
    void headerErrors() throws Exception {
        assertTrue(assertThrows(ZdbcException.class, () -> importCsv("", "t", TransferOptions.defaults()))
                .getMessage()
                .contains("header row is required"));
        assertTrue(assertThrows(ZdbcException.class, () -> importCsv("a,a\n1,2\n", "t", TransferOptions.defaults()))
                .getMessage()
                .contains("'a' appears twice"));
        assertTrue(assertThrows(ZdbcException.class, () -> importCsv("a,\n1,2\n", "t", TransferOptions.defaults()))
                .getMessage()
                .contains("header field 2 is empty"));
        assertThrows(
                ZdbcException.class,
                () -> csv.importFile(dir.resolve("nope.csv"), db, "t", TransferOptions.defaults()));
    }

    @Test
    void onlyAHeaderMakesAnEmptyTable() throws Exception {
        importCsv("a,b\n", "t", TransferOptions.defaults());
        assertEquals(0, db.count("t"));
        assertArrayEquals(
                new ColumnType[] {ColumnType.STR, ColumnType.STR}, types("t").toArray());
    }
}
