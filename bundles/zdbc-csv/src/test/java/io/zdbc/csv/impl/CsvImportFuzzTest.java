package io.zdbc.csv.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.engine.Zdbc;
import io.zdbc.engine.fuzz.ImportFuzzer;
import io.zdbc.engine.fuzz.ImportFuzzer.Base;
import io.zdbc.spi.connector.TransferOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated CSV files (our export, DuckDB's, a CRLF file with quoted fields) imported into an
 * existing table and into a new one: each is imported or rejected naming the file, with the table
 * untouched; see docs/TESTING.md, "Import fuzzing".
 */
class CsvImportFuzzTest {
    @TempDir
    Path dir;

    private final CsvConnector csv = new CsvConnector();

    @Test
    void mutatedCsvFilesAreImportedOrRejectedNamingTheFile() throws Exception {
        List<Base> bases = List.of(
                new Base("our export", ourExport()),
                new Base("DuckDB's CSV", duckDbCsv()),
                new Base(
                        "CRLF with quotes",
                        ("id,name,score\r\n1,\"a,b\",1.5\r\n2,\"say \"\"hi\"\"\",-0.0\r\n"
                                        + "3,\"two\r\nlines\",NaN\r\n-9223372036854775808,plain,inf\r\n")
                                .getBytes(StandardCharsets.UTF_8)));
        TransferOptions options = TransferOptions.defaults().withBatchRows(64);
        ImportFuzzer.Summary s = new ImportFuzzer(
                        "csv",
                        "csv",
                        dir.resolve("fuzz"),
                        (f, db, t) -> csv.importFile(f, db, t, options),
                        CsvMutations::mutate)
                .run(bases, ImportFuzzer.seed(), ImportFuzzer.cases(1000));
        System.out.println(s);
        assertEquals(List.of(), s.problems(), s.toString());
    }

    private byte[] ourExport() throws Exception {
        int n = 200;
        long[] id = new long[n];
        double[] x = new double[n];
        String[] name = new String[n];
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e-300, Double.MAX_VALUE};
        for (int i = 0; i < n; i++) {
            id[i] = i % 7 == 0 ? Long.MIN_VALUE + i : i * 1_000_003L - 50_000;
            x[i] = i % 11 == 0 ? special[i % special.length] : i * 0.25 - 7;
            name[i] = i % 5 == 0 ? "a,\"b\"" : i % 5 == 1 ? "l\nn" : i % 5 == 2 ? "Zoë" : "n" + i;
        }
        Path f = dir.resolve("ours.csv");
        try (Database db = Zdbc.open(dir.resolve("src"))) {
            db.write(
                    "src",
                    Batch.builder().i64("id", id).f64("x", x).str("name", name).build());
            csv.exportTable(db, "src", f, TransferOptions.defaults());
        }
        return Files.readAllBytes(f);
    }

    private byte[] duckDbCsv() throws Exception {
        Path f = dir.resolve("duck.csv");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT i::BIGINT AS id, (i * 0.25 - 3)::DOUBLE AS x,"
                    + " CASE WHEN i % 3 = 0 THEN 'a,\"b\"' WHEN i % 3 = 1 THEN 'line' || chr(10) || 'two'"
                    + " ELSE 'Zoë' END AS s FROM range(-50, 150) t(i)) TO '" + f + "' (HEADER, DELIMITER ',')");
        }
        return Files.readAllBytes(f);
    }
}
