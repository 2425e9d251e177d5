package io.zdbc.parquet.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.engine.Zdbc;
import io.zdbc.engine.fuzz.ImportFuzzer;
import io.zdbc.engine.fuzz.ImportFuzzer.Base;
import io.zdbc.spi.connector.TransferOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated Parquet files (our exports in each codec, DuckDB's, the committed pyarrow fixtures)
 * imported into an existing table and into a new one: each is imported or rejected naming the
 * file, with the table untouched; see docs/TESTING.md, "Import fuzzing".
 */
class ParquetImportFuzzTest {
    @TempDir
    Path dir;

    @Test
    void mutatedParquetFilesAreImportedOrRejectedNamingTheFile() throws Exception {
        List<Base> bases = new ArrayList<>();
        for (String codec : List.of("snappy", "none", "zstd")) {
            bases.add(new Base("our " + codec + " export", ourExport(codec)));
        }
        bases.add(new Base("DuckDB's file", duckDbFile()));
        for (String fixture : List.of("pyarrow_timestamps.parquet", "pyarrow_int96_dict.parquet")) {
            try (InputStream in = getClass().getResourceAsStream("/fixtures/" + fixture)) {
                bases.add(new Base(fixture, in.readAllBytes()));
            }
        }
        ParquetConnector parquet = new ParquetConnector();
        TransferOptions options = TransferOptions.defaults().withBatchRows(64);
        ImportFuzzer.Summary s = new ImportFuzzer(
                        "parquet",
                        "parquet",
                        dir.resolve("fuzz"),
                        (f, db, t) -> parquet.importFile(f, db, t, options),
                        ParquetMutations::mutate)
                .run(bases, ImportFuzzer.seed(), ImportFuzzer.cases(1000));
        System.out.println(s);
        assertEquals(List.of(), s.problems(), s.toString());
    }

    /** 300 rows in row groups of 100 and pages of 30, a dictionary-friendly string column. */
    private byte[] ourExport(String codec) throws Exception {
        int n = 300;
        long[] id = new long[n];
        double[] x = new double[n];
        String[] k = new String[n];
        for (int i = 0; i < n; i++) {
            id[i] = i % 7 == 0 ? Long.MIN_VALUE + i : i * 1_000_003L;
            x[i] = i % 11 == 0 ? Double.NaN : i * 0.25 - 7;
            k[i] = "k" + i % 5;
        }
        Path f = dir.resolve(codec + ".parquet");
        try (Database db = Zdbc.open(dir.resolve("src-" + codec))) {
            db.write(
                    "src", Batch.builder().i64("id", id).f64("x", x).str("k", k).build());
            new ParquetConnector(100, 30)
                    .exportTable(db, "src", f, TransferOptions.defaults().withCompression(codec));
        }
        return Files.readAllBytes(f);
    }

    private byte[] duckDbFile() throws Exception {
        Path f = dir.resolve("duck.parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT range AS id, range * 0.5 AS half, 'k' || (range % 37) AS k,"
                    + " CASE WHEN range % 10 = 0 THEN NULL ELSE range END AS maybe FROM range(1000))"
                    + " TO '" + f.toString().replace("'", "''") + "' (FORMAT parquet, ROW_GROUP_SIZE 300)");
        }
        return Files.readAllBytes(f);
    }
}
