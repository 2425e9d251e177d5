package io.zdbc.example.jsonl;

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
import io.zdbc.spi.Connector;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON-lines import and export: types, nulls, trimming, bad lines, atomicity, progress. */
class JsonlConnectorTest {
    @TempDir
    Path dir;

    Database db;
    final JsonlConnector jsonl = new JsonlConnector();

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

    TransferReport load(String content, String table, TransferOptions o) throws Exception {
        return jsonl.importFile(file(table + ".jsonl", content), db, table, o);
    }

    TransferReport load(String content, String table) throws Exception {
        return load(content, table, TransferOptions.defaults());
    }

    ZdbcException fails(String content, TransferOptions o) {
        return assertThrows(ZdbcException.class, () -> load(content, "bad", o));
    }

    List<String> rows(String table) {
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

    Map<String, ColumnType> types(String table) {
        return db.info(table).columns().stream().collect(Collectors.toMap(c -> c.name(), c -> c.type()));
    }

    @Test
    void formatAndExtensions() {
        assertEquals("jsonl", jsonl.format());
        assertEquals(List.of("jsonl", "ndjson"), jsonl.extensions());
    }

    @Test
    void foundByServiceLoaderForPlainJava() {
        List<String> formats = new ArrayList<>();
        ServiceLoader.load(Connector.class).forEach(c -> formats.add(c.format()));
        assertTrue(formats.contains("jsonl"), formats.toString());
    }

    @Test
    void integersBooleansFloatsAndStringsGetTheirTypes() throws Exception {
        TransferReport r = load(
                "{\"id\":1,\"ok\":true,\"price\":1.5,\"sym\":\"AAPL\"}\n"
                        + "{\"id\":-2,\"ok\":false,\"price\":2,\"sym\":\"MSFT\"}\r\n"
                        + "\n"
                        + "{\"sym\":\"IBM\",\"price\":1e3,\"ok\":true,\"id\":9223372036854775807}",
                "t");
        assertEquals(3, r.rows());
        assertEquals(0, r.nulls());
        assertEquals(
                Map.of("id", ColumnType.I64, "ok", ColumnType.I64, "price", ColumnType.F64, "sym", ColumnType.STR),
                types("t"));
        assertEquals(List.of("1|1|1.5|AAPL", "-2|0|2.0|MSFT", "9223372036854775807|1|1000.0|IBM"), rows("t"));
        assertEquals(
                List.of("id", "ok", "price", "sym"),
                db.info("t").columns().stream().map(c -> c.name()).toList(),
                "columns in the first line's order");
    }

    @Test
    void mixedStringsAndNumbersMakeAStrColumnKeepingTheNumbersText() throws Exception {
        load("{\"v\":\"x\"}\n{\"v\":1.50}\n{\"v\":7}\n{\"v\":true}\n", "t");
        assertEquals(ColumnType.STR, types("t").get("v"));
        assertEquals(List.of("x", "1.50", "7", "true"), rows("t"));
    }

    @Test
    void integersTooLargeForI64MakeF64() throws Exception {
        load("{\"v\":18446744073709551615}\n{\"v\":1}\n", "t");
        assertEquals(ColumnType.F64, types("t").get("v"));
        assertEquals(List.of("1.8446744073709552E19", "1.0"), rows("t"));
    }

    @Test
    void nullsAndMissingFieldsAreCountedOrRejectedWhenStrict() throws Exception {
        String content = "{\"i\":1,\"f\":1.5,\"s\":\"a\"}\n{\"i\":null,\"f\":null,\"s\":null}\n{\"i\":3}\n";
        TransferReport r = load(content, "t");
        assertEquals(5, r.nulls());
        assertEquals(List.of("1|1.5|a", "0|NaN|", "3|NaN|"), rows("t"));
        ZdbcException e = fails(content, TransferOptions.defaults().withStrict(true));
        assertTrue(
                e.getMessage()
                        .contains("line 2: field 'i' is null or missing (--strict rejects nulls; without it"
                                + " they are stored as 0)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("bad.jsonl"), e.getMessage());
    }

    @Test
    void aColumnNullThroughoutIsStr() throws Exception {
        load("{\"a\":1,\"b\":null}\n{\"a\":2,\"b\":null}\n", "t");
        assertEquals(ColumnType.STR, types("t").get("b"));
    }

    @Test
    void longStringsAreTrimmedAtACharacterBoundaryAndCounted() throws Exception {
        TransferReport r = load(
                "{\"s\":\"abcdefghij\"}\n{\"s\":\"h\\u00e9llo w\\u00f6rld\"}\n{\"s\":\"\\ud83d\\ude00\\ud83d\\ude00x\"}\n"
                        + "{\"s\":\"tab\\tq\\\"\"}\n",
                "t");
        assertEquals(3, r.trimmed());
        assertEquals(List.of("abcdefgh", "h\u00e9llo w", "\ud83d\ude00\ud83d\ude00", "tab\tq\""), rows("t"));
    }

    @Test
    void typesCanBeForced() throws Exception {
        load(
                "{\"a\":1,\"b\":2}\n{\"a\":3,\"b\":2.5}\n",
                "t",
                TransferOptions.defaults().withTypes(Map.of("a", ColumnType.F64, "b", ColumnType.STR)));
        assertEquals(List.of("1.0|2", "3.0|2.5"), rows("t"));
        ZdbcException e = fails("{\"a\":1}\n", TransferOptions.defaults().withTypes(Map.of("zz", ColumnType.F64)));
        assertTrue(e.getMessage().contains("'zz'"), e.getMessage());
    }

    @Test
    void typesComeFromTheFirstBatchAndALaterMismatchNamesTheLine() throws Exception {
        TransferOptions small = TransferOptions.defaults().withBatchRows(2);
        ZdbcException e = fails("{\"a\":1}\n{\"a\":2}\n{\"a\":2.5}\n", small);
        assertTrue(
                e.getMessage().contains("line 3: field 'a': the number 2.5, does not fit column 'a' of type i64"),
                e.getMessage());
        assertTrue(e.getMessage().contains("--type a=f64"), e.getMessage());
        e = fails("{\"a\":1}\n{\"a\":2}\n{\"a\":\"x\"}\n", small);
        assertTrue(e.getMessage().contains("line 3: field 'a': the string \"x\""), e.getMessage());
        assertFalse(db.exists("bad"), "nothing committed");
    }

    @Test
    void badLinesAreErrorsNamingTheLine() {
        assertMessage("{\"a\":1}\n{\"a\":2\n", "line 2: not valid JSON");
        assertMessage("{\"a\":1}\n[1,2]\n", "line 2: expected a JSON object");
        assertMessage("{\"a\":1}\n{\"a\":1} {\"a\":2}\n", "line 2: more than one JSON value");
        assertMessage("{\"a\":1}\n{\"a\":1,\"a\":2}\n", "line 2: field 'a' appears twice");
        assertMessage("{\"a\":1}\n{\"a\":1,\"b\":2}\n", "line 2: field 'b' is not one of the columns");
        assertMessage("{\"a\":1}\n{\"a\":[1]}\n", "line 2: field 'a' is an array");
        assertMessage("{\"a\":{\"x\":1}}\n", "line 1: field 'a' is an object");
        assertMessage("", "empty file");
        assertMessage("{}\n", "line 1: the first object has no fields");
    }

    private void assertMessage(String content, String expected) {
        ZdbcException e = fails(content, TransferOptions.defaults());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("bad.jsonl").toString()), e.getMessage());
    }

    @Test
    void skipBadRowsSkipsAndCountsBadLines() throws Exception {
        TransferReport r = load(
                "{\"a\":1}\nnot json\n{\"a\":\"x\"}\n{\"a\":[1]}\n{\"b\":1}\n{\"a\":2}\n",
                "t",
                TransferOptions.defaults().withSkipBadRows(true).withTypes(Map.of("a", ColumnType.I64)));
        assertEquals(2, r.rows());
        assertEquals(4, r.skipped());
        assertEquals(List.of("1", "2"), rows("t"));
    }

    @Test
    void columnsSelectAndOrderFieldsAndIgnoreTheOthersEvenNested() throws Exception {
        load(
                "{\"a\":1,\"tags\":[1,2],\"b\":\"x\"}\n{\"b\":\"y\",\"a\":2,\"extra\":{\"k\":1}}\n",
                "t",
                TransferOptions.defaults().withColumns(List.of("b", "a")));
        assertEquals(List.of("x|1", "y|2"), rows("t"));
        ZdbcException e = fails("{\"a\":1}\n", TransferOptions.defaults().withColumns(List.of("nope")));
        assertTrue(e.getMessage().contains("no field 'nope'"), e.getMessage());
    }

    @Test
    void anExistingTableIsAppendedToAtomically() throws Exception {
        db.write("t", Batch.builder().i64("id", 1).str("name", "a").build());
        TransferReport r = load("{\"name\":\"b\",\"id\":2}\n{\"id\":3,\"name\":\"c\"}\n", "t");
        assertEquals(2, r.rows());
        assertEquals(List.of("1|a", "2|b", "3|c"), rows("t"));
        assertThrows(
                ZdbcException.class,
                () -> jsonl.importFile(
                        file("t2.jsonl", "{\"id\":4,\"name\":\"d\"}\n{\"id\":\"x\",\"name\":\"e\"}\n"),
                        db,
                        "t",
                        TransferOptions.defaults()));
        assertEquals(List.of("1|a", "2|b", "3|c"), rows("t"), "a failed append changes nothing");
        ZdbcException e = assertThrows(
                ZdbcException.class,
                () -> jsonl.importFile(file("t3.jsonl", "{\"id\":4}\n"), db, "t", TransferOptions.defaults()));
        assertTrue(e.getMessage().contains("an append needs all of them"), e.getMessage());
    }

    @Test
    void aBadLineFarIntoTheFileLeavesTheTableAsItWas() throws Exception {
        db.write("t", Batch.builder().i64("n", 42).build());
        String content =
                IntStream.range(0, 5000).mapToObj(i -> "{\"n\":" + i + "}\n").collect(Collectors.joining())
                        + "{\"n\":oops}\n";
        ZdbcException e = assertThrows(
                ZdbcException.class,
                () -> jsonl.importFile(
                        file("big.jsonl", content),
                        db,
                        "t2",
                        TransferOptions.defaults().withBatchRows(1000)));
        assertTrue(e.getMessage().contains("line 5001"), e.getMessage());
        assertFalse(db.exists("t2"));
        assertEquals(List.of("42"), rows("t"));
    }

    @Test
    void manyBatchesAndProgressInBytes() throws Exception {
        String content = IntStream.range(0, 10_000)
                .mapToObj(i -> "{\"n\":" + i + ",\"x\":" + (i * 0.5) + "}\n")
                .collect(Collectors.joining());
        Path p = file("many.jsonl", content);
        List<long[]> seen = new ArrayList<>();
        TransferReport r = jsonl.importFile(
                p,
                db,
                "t",
                TransferOptions.defaults().withBatchRows(999).withProgress((d, t) -> seen.add(new long[] {d, t})));
        assertEquals(10_000, r.rows());
        try (TableSnapshot s = db.read("t")) {
            assertEquals(9_999, s.column("n").getLong(9_999));
            assertEquals(4_999.5, s.column("x").getDouble(9_999));
        }
        long size = Files.size(p);
        assertTrue(seen.size() > 10, "one report per batch");
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i)[0] >= seen.get(i - 1)[0], "never decreases");
            assertEquals(size, seen.get(i)[1]);
        }
        assertEquals(size, seen.get(seen.size() - 1)[0]);
    }

    @Test
    void exportWritesOneObjectPerLineAndRoundTrips() throws Exception {
        db.write(
                "t",
                Batch.builder()
                        .i64("id", 1, -2)
                        .str("name", "al\"ice", "b\u00e9")
                        .f64("score", 9.5, Double.NaN)
                        .build());
        Path out = dir.resolve("out.jsonl");
        List<long[]> seen = new ArrayList<>();
        TransferReport r = jsonl.exportTable(
                db, "t", out, TransferOptions.defaults().withProgress((d, t) -> seen.add(new long[] {d, t})));
        assertEquals(2, r.rows());
        assertEquals(
                "{\"id\":1,\"name\":\"al\\\"ice\",\"score\":9.5}\n{\"id\":-2,\"name\":\"b\u00e9\",\"score\":null}\n",
                Files.readString(out));
        assertEquals(2, seen.get(seen.size() - 1)[0]);
        assertFalse(Files.exists(dir.resolve("out.jsonl.zdbc-tmp")));

        TransferReport back = jsonl.importFile(out, db, "copy", TransferOptions.defaults());
        assertEquals(1, back.nulls(), "NaN went out as null and came back as NaN");
        assertEquals(rows("t"), rows("copy"));
        assertEquals(types("t"), types("copy"));
    }

    @Test
    void exportOfSomeColumnsInTheirOrder() throws Exception {
        db.write("t", Batch.builder().i64("a", 1).f64("b", 2.0).str("c", "x").build());
        Path out = dir.resolve("some.ndjson");
        jsonl.exportTable(db, "t", out, TransferOptions.defaults().withColumns(List.of("c", "a")));
        assertEquals("{\"c\":\"x\",\"a\":1}\n", Files.readString(out));
    }

    @Test
    void aFailedExportLeavesNoFile() throws Exception {
        Path out = dir.resolve("none.jsonl");
        assertThrows(ZdbcException.class, () -> jsonl.exportTable(db, "missing", out, TransferOptions.defaults()));
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve("none.jsonl.zdbc-tmp")));
    }

    @Test
    void aMissingFileIsAClearError() {
        ZdbcException e = assertThrows(
                ZdbcException.class,
                () -> jsonl.importFile(dir.resolve("nope.jsonl"), db, "t", TransferOptions.defaults()));
        assertTrue(e.getMessage().contains("not found") && e.getMessage().contains("nope.jsonl"), e.getMessage());
    }
}
