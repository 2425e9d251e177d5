package io.zdbc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI contract of the foundation issue: commands, CSV in and out, exit codes, one-line errors. */
class CliTest {
    @TempDir
    Path dir;

    String out;
    String err;

    int zdbc(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(args, new PrintWriter(o, true), new PrintWriter(e, true));
        out = o.toString();
        err = e.toString();
        return code;
    }

    @Test
    void createSchemaTablesDrop() {
        String db = dir.resolve("db").toString();
        assertEquals(0, zdbc("create", db, "data/players", "id:i64", "name:str", "score:f64"));
        assertEquals(0, zdbc("tables", db));
        assertEquals("data/players\n", out.replace("\r", ""));
        assertEquals(0, zdbc("schema", db, "data/players"));
        assertTrue(out.contains("0 rows"), out);
        assertTrue(out.matches("(?s).*id\\s+i64.*name\\s+str.*score\\s+f64.*"), out);
        assertEquals(0, zdbc("drop", db, "data/players"));
        assertEquals(0, zdbc("tables", db));
        assertEquals("", out);
    }

    @Test
    void importInfersTypesAndExportRoundTrips() throws Exception {
        Path csv = dir.resolve("in.csv");
        Files.writeString(
                csv,
                "id,name,score\r\n1,\"Smith, J\",1.5\r\n2,\"multi\nln\",-0.0\r\n"
                        + "3,longer than eight,1e300\r\n4,Zoë,NaN\r\n",
                StandardCharsets.UTF_8);
        String db = dir.resolve("db").toString();
        assertEquals(0, zdbc("import", db, "people", csv.toString()), err);
        assertTrue(err.contains("imported 4 rows"), err);
        assertTrue(err.contains("1 str values trimmed"), err);
        assertEquals(0, zdbc("schema", db, "people"));
        assertTrue(out.matches("(?s).*id\\s+i64.*name\\s+str.*score\\s+f64.*"), out);
        Path back = dir.resolve("out.csv");
        assertEquals(0, zdbc("export", db, "people", back.toString()), err);
        assertEquals(
                "id,name,score\n1,\"Smith, J\",1.5\n2,\"multi\nln\",-0.0\n3,longer t,1.0E300\n4,Zoë,NaN\n",
                Files.readString(back));
        // Importing into the existing table appends with its types.
        assertEquals(0, zdbc("import", db, "people", back.toString()), err);
        assertEquals(0, zdbc("cat", db, "people", "--columns", "score,id", "--limit", "1"));
        assertEquals(0, zdbc("verify", db));
        assertTrue(out.contains("0 problems"), out);
    }

    @Test
    void badInputIsOneLineAndNonZero() throws Exception {
        String db = dir.resolve("db").toString();
        assertEquals(1, zdbc("tables", db));
        assertEquals("zdbc: no database at " + db + " (registry file not found)\n", err.replace("\r", ""));
        assertEquals(0, zdbc("create", db, "t", "a:i64"));
        assertEquals(1, zdbc("schema", db, "nope"));
        assertEquals("zdbc: no such table: 'nope'\n", err);
        assertEquals(2, zdbc("create", db, "u", "a:int"));
        assertTrue(err.contains("unknown column type 'int'"), err);
        assertFalse(err.contains("\tat "), "no stack trace without --debug");
        assertEquals(1, zdbc("create", db, "../evil", "a:i64"));
        assertTrue(err.contains("table name '../evil' is invalid"), err);
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "a,b\n1,2\n3\n");
        assertEquals(1, zdbc("import", db, "x", bad.toString()));
        assertTrue(err.contains("line 3: 1 fields, but the header has 2"), err);
        assertEquals(1, zdbc("import", "--debug", db, "x", bad.toString()));
        assertTrue(err.contains("\tat "), "stack trace with --debug");
    }

    @Test
    void verifyExitsNonZeroWithAReportWhenAColumnFileIsDamaged() throws Exception {
        String db = dir.resolve("db").toString();
        Path csv = dir.resolve("in.csv");
        Files.writeString(csv, "v\n1\n2\n3\n");
        assertEquals(0, zdbc("import", db, "t", csv.toString()));
        Files.write(dir.resolve("dbdir/t.v"), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        assertEquals(1, zdbc("verify", db, "--read-only"));
        assertTrue(out.contains("problem: table 't'"), out);
        assertTrue(out.contains("1 problems"), out);
    }

    @Test
    void sqlPrintsNullAsNullAndQuotesTheTextNull() throws Exception {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "sym,volume\nNULL,1\nIBM,2\n");
        String db = dir.resolve("db").toString();
        assertEquals(0, zdbc("import", db, "t", csv.toString()), err);
        assertEquals(0, zdbc("sql", db, "SELECT sym, min(volume) FROM t WHERE volume > 5 GROUP BY sym"));
        assertEquals("sym,min(volume)\n", out, "no groups, no rows");
        assertEquals(0, zdbc("sql", db, "SELECT max(volume), avg(volume) FROM t WHERE sym = 'ORCL'"));
        assertEquals("max(volume),avg(volume)\nNULL,NULL\n", out);
        assertEquals(0, zdbc("sql", db, "SELECT sym FROM t ORDER BY sym"));
        assertEquals("sym\nIBM\n\"NULL\"\n", out, "the text NULL is quoted");
    }

    @Test
    void sqlRunsOnADatabaseMadeByImport() throws Exception {
        Path csv = dir.resolve("trades.csv");
        Files.writeString(csv, "sym,price,volume\nAAPL,15001.5,10\nAAPL,14000,5\nMSFT,15500,7\n");
        String db = dir.resolve("db").toString();
        assertEquals(0, zdbc("import", db, "trades", csv.toString()), err);
        assertEquals(
                0,
                zdbc(
                        "sql",
                        db,
                        "SELECT sym, sum(volume) AS vol, count(*) FROM trades WHERE price > 14500 "
                                + "GROUP BY sym ORDER BY vol DESC"),
                err);
        assertEquals("sym,vol,count(*)\nAAPL,10,1\nMSFT,7,1\n", out);
        assertEquals(0, zdbc("sql", db, "SELECT vwap(price, volume) AS v FROM trades"));
        assertEquals("v\n" + (15001.5 * 10 + 14000 * 5 + 15500 * 7) / 22 + "\n", out);
        assertEquals(0, zdbc("sql", db, "SELECT min(volume) FROM trades WHERE volume > 99"));
        assertEquals("min(volume)\nNULL\n", out, "an aggregate of no rows is NULL");
        assertEquals(0, zdbc("sql", db, "SELECT sum(volume), count(*) FROM trades WHERE volume > 99"));
        assertEquals("sum(volume),count(*)\nNULL,0\n", out, "SQL's sum of no rows is NULL");
        assertEquals(1, zdbc("sql", db, "SELECT sym FROM trades UNION SELECT sym FROM trades"));
        assertTrue(err.startsWith("zdbc: UNION"), err);
        assertEquals(0, zdbc("sql", db, "SELECT count(*) FROM trades", "--explain"));
        assertTrue(out.contains("Aggregate [count(*)]"), out);
    }

    @Test
    void helpListsTheCommands() {
        assertEquals(0, zdbc("--help"));
        for (String c :
                new String[] {"tables", "schema", "create", "import", "export", "cat", "drop", "verify", "sql", "backup"
                }) {
            assertTrue(out.contains(c), c);
            assertEquals(0, zdbc(c, "--help"), c + " --help");
            assertTrue(out.startsWith("Usage: zdbc " + c), out);
            zdbc("--help");
        }
    }

    @Test
    void helpCommandAndUnknownNamesSeeEveryCommand() {
        assertEquals(0, zdbc("help", "tables"));
        assertTrue(out.startsWith("Usage: zdbc tables"), out);
        assertEquals(2, zdbc("tabels", "x"));
        assertTrue(err.contains("tables"), "the suggestion names the command: " + err);
        assertEquals(2, zdbc("tables"));
        assertTrue(err.contains("Missing required parameter: '<db>'"), err);
    }

    @Test
    void inheritedDebugOptionWorksAfterTheCommand() {
        assertEquals(1, zdbc("schema", dir.resolve("db").toString(), "missing", "--debug"));
        assertTrue(err.contains("\tat "), "stack trace with --debug: " + err);
    }
}
