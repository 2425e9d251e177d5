package io.zdbc.csv.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.api.ZdbcException;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chunked import case by case: records that straddle chunk boundaries, a type the sample
 * inferred that a later row contradicts, and a parallel import that fails half-way.
 */
class ChunkedCsvImportTest {
    @TempDir
    Path dir;

    Database db;

    @BeforeEach
    void open() {
        db = Zdbc.open(dir.resolve("db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Imports {@code text} in chunks of 1, 2, 3, 5, 7 and 11 bytes and in one, on 3 threads; each gives {@code expected}. */
    private void importsAtEveryBoundary(String text, List<String> expected) throws Exception {
        Path f = dir.resolve("b.csv");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 2, 3, 5, 7, 11, 1 << 20}) {
            new CsvConnector(3, chunk)
                    .importFile(f, db, "t", TransferOptions.defaults().withBatchRows(2));
            assertEquals(expected, rows("t"), "chunks of " + chunk + " bytes");
            db.drop("t");
        }
    }

    private List<String> rows(String table) {
        return CsvConnectorTest.rows(db, table);
    }

    @Test
    void quotedNewlinesStayInTheirFieldAtEveryChunkBoundary() throws Exception {
        importsAtEveryBoundary("id,s\n1,\"a\nb\"\n2,\"\n\n\"\n3,plain\n", List.of("1|a\nb", "2|\n\n", "3|plain"));
    }

    @Test
    void crlfLineEndsSplitBetweenCrAndLfAreOneLineEnd() throws Exception {
        importsAtEveryBoundary("id,s\r\n1,x\r\n2,\"y\r\nz\"\r\n\r\n3,w\r\n", List.of("1|x", "2|y\r\nz", "3|w"));
    }

    @Test
    void aChunkBoundaryInsideAQuotedFieldWithDelimitersKeepsTheField() throws Exception {
        importsAtEveryBoundary("id,s\n1,\"a,b,c,d\"\n2,\",\"\n", List.of("1|a,b,c,d", "2|,"));
    }

    @Test
    void anEscapedQuoteAtABoundaryIsOneQuote() throws Exception {
        importsAtEveryBoundary("id,s\n1,\"\"\"\"\n2,\"x\"\"\"\n3,\"\"\"y\"\n", List.of("1|\"", "2|x\"", "3|\"y"));
    }

    @Test
    void aLoneCrEndsARecordAtEveryChunkBoundary() throws Exception {
        importsAtEveryBoundary("id,s\r1,x\r2,y\r", List.of("1|x", "2|y"));
    }

    @Test
    void aLateRowThatContradictsTheInferredTypeNamesItsLineAndWritesNothing() throws Exception {
        StringBuilder sb = new StringBuilder("id,price\n");
        for (int i = 0; i < CsvColumns.INFERENCE_ROWS + 5000; i++) {
            sb.append(i).append(',').append(i).append('\n'); // the sample sees integers only
        }
        sb.append("1,2.5\n");
        Path f = dir.resolve("late.csv");
        Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
        ZdbcException e = assertThrows(
                ZdbcException.class,
                () -> new CsvConnector(2, 4096).importFile(f, db, "t", TransferOptions.defaults()));
        int line = CsvColumns.INFERENCE_ROWS + 5000 + 2;
        assertTrue(
                e.getMessage().contains("line " + line + ": column 'price': '2.5' is not a valid i64"), e.getMessage());
        assertTrue(e.getMessage().contains("late.csv"), e.getMessage());
        assertFalse(db.exists("t"));
    }

    @Test
    void aParallelImportFailingHalfWayLeavesTheTableAsItWas() throws Exception {
        db.write("t", Batch.builder().i64("id", 1, 2).str("s", "a", "b").build());
        long version = db.info("t").version();
        StringBuilder sb = new StringBuilder("id,s\n");
        for (int i = 0; i < 50_000; i++) {
            sb.append(i).append(",v").append(i % 7).append('\n');
        }
        sb.append("x,bad\n");
        for (int i = 0; i < 50_000; i++) {
            sb.append(i).append(",w\n");
        }
        Path f = dir.resolve("half.csv");
        Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
        ZdbcException e = assertThrows(
                ZdbcException.class,
                () -> new CsvConnector(3, 1000)
                        .importFile(f, db, "t", TransferOptions.defaults().withBatchRows(100)));
        assertTrue(e.getMessage().contains("line 50002: column 'id': 'x' is not a valid i64"), e.getMessage());
        assertEquals(List.of("1|a", "2|b"), rows("t"));
        assertEquals(version, db.info("t").version());
        assertEquals(0, db.verify().problems().size());
    }

    @Test
    void aParallelImportReportsWhatEveryChunkCounted() throws Exception {
        StringBuilder sb = new StringBuilder("n,x,s\n");
        for (int i = 0; i < 3000; i++) {
            sb.append(i)
                    .append(',')
                    .append(i % 3 == 0 ? "" : "1.5")
                    .append(',')
                    .append(i % 5 == 0 ? "ninechars" : "s")
                    .append('\n');
            if (i % 7 == 0) {
                sb.append("bad,row\n");
            }
        }
        Path f = dir.resolve("counts.csv");
        Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
        TransferReport r = new CsvConnector(3, 500)
                .importFile(f, db, "t", TransferOptions.defaults().withSkipBadRows(true));
        assertEquals(new TransferReport("t", 3000, 600, 1000, 429), r);
    }
}
