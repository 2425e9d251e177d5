package io.zdbc.feather.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Database;
import io.zdbc.api.TableSnapshot;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.Connector;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** zdbc -> Feather -> zdbc for every type and edge value, batch shape and compression. */
class FeatherRoundTripTest {
    static final long[] LONGS = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1, 42};
    static final double[] DOUBLES = {
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE, 0.1
    };
    static final String[] STRINGS = {"", "12345678", "ünï", "€€", "a b", "\uD83D\uDE00x"};

    @TempDir
    Path dir;

    private final FeatherConnector feather = new FeatherConnector();

    static Batch edges() {
        return Batch.builder()
                .i64("i", LONGS)
                .f64("f", DOUBLES)
                .str("s", STRINGS)
                .build();
    }

    /** n rows with values derived from the row number. */
    static Batch rows(int n) {
        long[] l = new long[n];
        double[] d = new double[n];
        String[] s = new String[n];
        for (int r = 0; r < n; r++) {
            l[r] = r * 1_000_003L - 7;
            d[r] = r / 3.0;
            s[r] = "r" + r;
        }
        return Batch.builder().i64("l", l).f64("d", d).str("s", s).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "none", "zstd"})
    void everyTypeAndEdgeValueSurvivesARoundTrip(String compression) {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            db.write("t", edges());
            Path f = dir.resolve("t.feather");
            TransferReport out =
                    feather.exportTable(db, "t", f, TransferOptions.defaults().withCompression(compression));
            assertEquals(LONGS.length, out.rows());
            TransferReport in = feather.importFile(f, db, "back", TransferOptions.defaults());
            assertEquals(new TransferReport("back", LONGS.length, 0, 0, 0), in);
            try (TableSnapshot s = db.read("back")) {
                assertEquals(
                        List.of(
                                new ColumnDef("i", ColumnType.I64),
                                new ColumnDef("f", ColumnType.F64),
                                new ColumnDef("s", ColumnType.STR)),
                        db.info("back").columns());
                assertArrayEquals(LONGS, s.column("i").toLongArray());
                double[] d = s.column("f").toDoubleArray();
                for (int r = 0; r < DOUBLES.length; r++) {
                    // Bit-exact: NaN, -0.0 and the subnormal keep their bits.
                    assertEquals(Double.doubleToRawLongBits(DOUBLES[r]), Double.doubleToRawLongBits(d[r]), "row " + r);
                }
                assertArrayEquals(STRINGS, s.column("s").toStringArray());
            }
            assertFalse(Files.exists(dir.resolve("t.feather.zdbc-tmp")));
        }
    }

    @ParameterizedTest(name = "{0} rows in batches of {1}, {2}")
    @CsvSource({
        "0, 4, none",
        "1, 4, none",
        "4, 4, none",
        "10, 4, none",
        "10, 4, zstd",
        "1000, 7, none",
        "1000, 7, zstd",
        "100000, 65536, none"
    })
    void rowCountsThatAreAndAreNotMultiplesOfTheBatchSize(int n, int batchRows, String compression) {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            db.write("t", rows(n));
            Path f = dir.resolve("t.feather");
            TransferOptions o =
                    TransferOptions.defaults().withBatchRows(batchRows).withCompression(compression);
            assertEquals(n, feather.exportTable(db, "t", f, o).rows());
            // Import with a different batch size, so Arrow batches are cut and joined.
            assertEquals(
                    n,
                    feather.importFile(f, db, "back", o.withBatchRows(batchRows + 3))
                            .rows());
            try (TableSnapshot a = db.read("t");
                    TableSnapshot b = db.read("back")) {
                assertEquals(n, b.rows());
                assertArrayEquals(a.column("l").toLongArray(), b.column("l").toLongArray());
                assertArrayEquals(a.column("d").toDoubleArray(), b.column("d").toDoubleArray());
                assertArrayEquals(a.column("s").toStringArray(), b.column("s").toStringArray());
            }
        }
    }

    @Test
    void exportWritesOneRecordBatchPerBatchRows() throws IOException {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            db.write("t", rows(10));
            Path f = dir.resolve("t.feather");
            feather.exportTable(db, "t", f, TransferOptions.defaults().withBatchRows(4));
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
                    var alloc = Allocators.root();
                    var reader = new ArrowFileReader(ch, alloc, Codecs.INSTANCE)) {
                assertEquals(3, reader.getRecordBlocks().size());
                List<Integer> sizes = new ArrayList<>();
                while (reader.loadNextBatch()) {
                    sizes.add(reader.getVectorSchemaRoot().getRowCount());
                }
                assertEquals(List.of(4, 4, 2), sizes);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "zstd"})
    void numericColumnsAreExportedFromTheMappedFilesWithoutACopy(String compression) throws IOException {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            db.write("t", rows(10));
            try (FileChannel out =
                    FileChannel.open(dir.resolve("x.feather"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FeatherExporter.Result r = new FeatherExporter(FeatherExporter.codec(compression))
                        .export(db, "t", out, TransferOptions.defaults().withBatchRows(4));
                // 2 numeric columns x 3 batches, each wrapping the mapped column memory.
                assertEquals(6, r.wrappedBuffers());
                assertEquals(0, r.copiedBuffers());
            }
        }
    }

    @Test
    void exportOfChosenColumnsInTheirOrder() {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            db.write("t", rows(5));
            Path f = dir.resolve("t.feather");
            feather.exportTable(db, "t", f, TransferOptions.defaults().withColumns(List.of("s", "l")));
            feather.importFile(f, db, "back", TransferOptions.defaults());
            assertEquals(
                    List.of(new ColumnDef("s", ColumnType.STR), new ColumnDef("l", ColumnType.I64)),
                    db.info("back").columns());
        }
    }

    @Test
    void importIntoAnExistingTableAppendsAtomically() {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            db.write("t", rows(3));
            Path f = dir.resolve("t.feather");
            feather.exportTable(db, "t", f, TransferOptions.defaults());
            feather.importFile(f, db, "t", TransferOptions.defaults());
            assertEquals(6, db.count("t"));
            try (TableSnapshot s = db.read("t")) {
                assertArrayEquals(
                        new String[] {"r0", "r1", "r2", "r0", "r1", "r2"},
                        s.column("s").toStringArray());
            }
        }
    }

    @Test
    void progressReportsBytesOnImportAndRowsOnExport() {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            db.write("t", rows(10));
            Path f = dir.resolve("t.feather");
            List<long[]> exported = new ArrayList<>();
            feather.exportTable(
                    db,
                    "t",
                    f,
                    TransferOptions.defaults()
                            .withBatchRows(4)
                            .withProgress((done, total) -> exported.add(new long[] {done, total})));
            assertArrayEquals(new long[] {4, 10}, exported.get(0));
            assertArrayEquals(new long[] {10, 10}, exported.get(exported.size() - 1));
            List<long[]> imported = new ArrayList<>();
            feather.importFile(
                    f,
                    db,
                    "back",
                    TransferOptions.defaults().withProgress((done, total) -> imported.add(new long[] {done, total})));
            long size = f.toFile().length();
            assertTrue(imported.size() >= 4, "one report per record batch and one at the end");
            for (int i = 1; i < imported.size(); i++) {
                assertTrue(imported.get(i)[0] >= imported.get(i - 1)[0], "progress never goes back");
                assertEquals(size, imported.get(i)[1]);
            }
            assertTrue(imported.get(0)[0] > 0 && imported.get(0)[0] < size);
            assertArrayEquals(new long[] {size, size}, imported.get(imported.size() - 1));
        }
    }

    @Test
    void theConnectorIsFoundWithServiceLoader() {
        List<String> formats = new ArrayList<>();
        for (Connector c : ServiceLoader.load(Connector.class)) {
            formats.add(c.format());
            if (c.format().equals("feather")) {
                assertEquals(List.of("feather", "arrow", "ipc"), c.extensions());
            }
        }
        assertTrue(formats.contains("feather"), formats.toString());
    }
}
