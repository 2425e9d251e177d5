package io.zdbc.parquet.impl;

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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tables exported to Parquet and imported back are unchanged, for every type, edge and codec. */
class RoundTripTest {
    @TempDir
    Path dir;

    Database db;
    final ParquetConnector connector = new ParquetConnector();

    @BeforeEach
    void open() {
        db = Zdbc.open(dir.resolve("db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    static final long[] LONGS = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 42, Long.MIN_VALUE + 1, 1L << 53};
    static final double[] DOUBLES = {
        0.0,
        -0.0,
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE,
        Double.MAX_VALUE,
        0.1
    };
    static final String[] STRINGS = {"", "12345678", "héllo", "日本", "a", "€€", "tab\tnl\n", "🙂ok"};

    private Batch edges() {
        return Batch.builder()
                .i64("i", LONGS)
                .f64("f", DOUBLES)
                .str("s", STRINGS)
                .build();
    }

    private void assertSame(String a, String b) {
        try (TableSnapshot x = db.read(a);
                TableSnapshot y = db.read(b)) {
            assertEquals(x.rows(), y.rows());
            assertEquals(x.columns().size(), y.columns().size());
            for (int c = 0; c < x.columns().size(); c++) {
                var u = x.columns().get(c);
                var v = y.columns().get(c);
                assertEquals(u.name(), v.name());
                assertEquals(u.type(), v.type());
                for (long r = 0; r < x.rows(); r++) {
                    // raw bits: NaN and -0.0 included
                    assertEquals(u.getRaw(r), v.getRaw(r), u.name() + " row " + r);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "snappy", "zstd", "none", "ZSTD"})
    void everyTypeAndEdgeValueSurvivesEachCodec(String codec) {
        db.write("t", edges());
        Path f = dir.resolve("t.parquet");
        TransferReport out =
                connector.exportTable(db, "t", f, TransferOptions.defaults().withCompression(codec));
        assertEquals(LONGS.length, out.rows());
        TransferReport in = connector.importFile(f, db, "back", TransferOptions.defaults());
        assertEquals(new TransferReport("back", LONGS.length, 0, 0, 0), in);
        assertSame("t", "back");
        try (TableSnapshot s = db.read("back")) {
            assertArrayEquals(STRINGS, s.column("s").toStringArray());
            assertEquals(
                    Double.doubleToRawLongBits(-0.0),
                    Double.doubleToRawLongBits(s.column("f").getDouble(1)));
            assertTrue(Double.isNaN(s.column("f").getDouble(2)));
        }
        String expected = codec.isEmpty() ? "SNAPPY" : codec.equals("none") ? "UNCOMPRESSED" : codec.toUpperCase();
        assertEquals(CompressionCodecName.valueOf(expected), codecOf(f));
        assertFalse(Files.exists(dir.resolve("t.parquet.zdbc-tmp")));
    }

    static CompressionCodecName codecOf(Path f) {
        try (ParquetFileReader r = ParquetConnector.open(f)) {
            return r.getRowGroups().get(0).getColumns().get(0).getCodec();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void zeroRowsRoundTripAsAnEmptyTable() {
        db.create(
                "empty",
                List.of(
                        ColumnDef.of("i", ColumnType.I64),
                        ColumnDef.of("f", ColumnType.F64),
                        ColumnDef.of("s", ColumnType.STR)));
        Path f = dir.resolve("empty.parquet");
        assertEquals(
                0,
                connector
                        .exportTable(db, "empty", f, TransferOptions.defaults())
                        .rows());
        assertEquals(
                0,
                connector.importFile(f, db, "back", TransferOptions.defaults()).rows());
        assertEquals(0, db.count("back"));
        assertEquals(db.info("empty").columns(), db.info("back").columns());
    }

    @Test
    void oneRowRoundTrips() {
        db.write("one", Batch.builder().i64("i", 7).f64("f", 2.5).str("s", "x").build());
        Path f = dir.resolve("one.pq");
        connector.exportTable(db, "one", f, TransferOptions.defaults());
        connector.importFile(f, db, "back", TransferOptions.defaults());
        assertSame("one", "back");
    }

    @ParameterizedTest
    @ValueSource(strings = {"snappy", "zstd", "none"})
    void severalRowGroupsAndPagesWithBatchesThatStraddleThem(String codec) {
        int n = 25_000;
        long[] i = new long[n];
        double[] d = new double[n];
        String[] s = new String[n];
        for (int r = 0; r < n; r++) {
            i[r] = r * 7919L - 100_000;
            d[r] = r / 3.0;
            s[r] = (r % 13 == 0) ? "" : "v" + (r % 500); // dictionary-friendly
        }
        db.write("big", Batch.builder().i64("i", i).f64("f", d).str("s", s).build());
        Path f = dir.resolve("big.parquet");
        new ParquetConnector(10_000, 1_000)
                .exportTable(db, "big", f, TransferOptions.defaults().withCompression(codec));
        try (ParquetFileReader r = ParquetConnector.open(f)) {
            assertEquals(3, r.getRowGroups().size());
            for (BlockMetaData b : r.getRowGroups()) {
                for (ColumnChunkMetaData c : b.getColumns()) {
                    assertEquals(
                            CompressionCodecName.fromConf(codec.equals("none") ? "uncompressed" : codec), c.getCodec());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<long[]> progress = new ArrayList<>();
        TransferReport rep = connector.importFile(
                f,
                db,
                "back",
                TransferOptions.defaults()
                        .withBatchRows(777)
                        .withProgress((done, total) -> progress.add(new long[] {done, total})));
        assertEquals(n, rep.rows());
        assertSame("big", "back");
        long size = progress.get(progress.size() - 1)[1];
        assertEquals(size, progress.get(progress.size() - 1)[0]);
        assertTrue(progress.size() >= 3, "progress after each row group");
        for (int k = 1; k < progress.size(); k++) {
            assertTrue(
                    progress.get(k)[0] >= progress.get(k - 1)[0],
                    () -> progress.stream().map(Arrays::toString).toList().toString());
        }
    }

    @Test
    void columnsExportsAndImportsOnlyThoseInThatOrder() {
        db.write("t", edges());
        Path f = dir.resolve("t.parquet");
        connector.exportTable(db, "t", f, TransferOptions.defaults().withColumns(List.of("s", "i")));
        connector.importFile(f, db, "back", TransferOptions.defaults().withColumns(List.of("i")));
        assertEquals(List.of(ColumnDef.of("i", ColumnType.I64)), db.info("back").columns());
        try (TableSnapshot s = db.read("back")) {
            assertArrayEquals(LONGS, s.column("i").toLongArray());
        }
    }

    @Test
    void importIntoAnExistingTableAppends() {
        db.write("t", edges());
        Path f = dir.resolve("t.parquet");
        connector.exportTable(db, "t", f, TransferOptions.defaults());
        connector.importFile(f, db, "t", TransferOptions.defaults());
        assertEquals(2L * LONGS.length, db.count("t"));
        try (TableSnapshot s = db.read("t")) {
            assertEquals(LONGS[3], s.column("i").getLong(LONGS.length + 3));
            assertEquals(STRINGS[2], s.column("s").getString(LONGS.length + 2));
        }
    }

    @Test
    void longStringsAreTrimmedAtACharacterBoundaryAndCounted() {
        db.write("t", Batch.builder().i64("i", 1, 2).build());
        // Write a file with long strings through DuckDB-free means: export a str table, then check trimming
        // on import of a file whose strings are longer (made by the test writer).
        Path f = dir.resolve("long.parquet");
        TestFiles.writeStrings(f, "abcdefghij", "ééééé", "12345678");
        TransferReport r = connector.importFile(f, db, "s", TransferOptions.defaults());
        assertEquals(2, r.trimmed());
        try (TableSnapshot s = db.read("s")) {
            assertArrayEquals(
                    new String[] {"abcdefgh", "éééé", "12345678"}, s.column("s").toStringArray());
        }
    }

    @Test
    void serviceLoaderFindsTheConnector() {
        List<String> formats = new ArrayList<>();
        for (Connector c : ServiceLoader.load(Connector.class)) {
            formats.add(c.format());
        }
        assertTrue(formats.contains("parquet"), formats.toString());
        assertEquals(List.of("parquet", "pq"), connector.extensions());
    }
}
