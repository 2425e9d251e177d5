package io.zdbc.csv.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Database;
import io.zdbc.api.TableSnapshot;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV written by DuckDB imports with the same values; DuckDB reads the CSV we export exactly. */
class DuckDbCsvInteropTest {
    @TempDir
    Path dir;

    Database db;
    Connection duck;
    final CsvConnector csv = new CsvConnector();

    @BeforeEach
    void open() throws Exception {
        db = Zdbc.open(dir.resolve("db"));
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterEach
    void close() throws Exception {
        duck.close();
        db.close();
    }

    @Test
    void csvWrittenByDuckDbImportsWithTheSameValues() throws Exception {
        Path f = dir.resolve("duck.csv");
        try (Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT i::BIGINT AS id, (i * 0.25 - 3)::DOUBLE AS x,"
                    + " CASE WHEN i % 3 = 0 THEN 'a,\"b\"' WHEN i % 3 = 1 THEN 'line' || chr(10) || 'two'"
                    + " ELSE 'Zoë' END AS s FROM range(-500, 1500) t(i)) TO '" + f + "' (HEADER, DELIMITER ',')");
        }
        TransferReport r = csv.importFile(f, db, "t", TransferOptions.defaults());
        assertEquals(2000, r.rows());
        assertEquals(
                List.of(ColumnType.I64, ColumnType.F64, ColumnType.STR),
                db.info("t").columns().stream().map(c -> c.type()).toList());
        try (TableSnapshot snap = db.read("t")) {
            for (int row = 0; row < 2000; row++) {
                long i = row - 500;
                assertEquals(i, snap.column("id").getLong(row));
                assertEquals(i * 0.25 - 3, snap.column("x").getDouble(row));
                String want = i % 3 == 0 ? "a,\"b\"" : i % 3 == 1 ? "line\ntwo" : "Zoë"; // both truncate like Java
                assertEquals(
                        want.length() > 8 ? want.substring(0, 8) : want,
                        snap.column("s").getString(row));
            }
        }
    }

    @Test
    void duckDbReadsOurExportExactly() throws Exception {
        long[] ids = {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE};
        double[] xs = {-0.0, 1e-300, 0.1 + 0.2, Double.MAX_VALUE, -123.456};
        String[] ss = {"", "a,b", "q\"uote", "multi\nln", "Zoë"};
        db.write("t", Batch.builder().i64("id", ids).f64("x", xs).str("s", ss).build());
        Path f = dir.resolve("ours.csv");
        csv.exportTable(db, "t", f, TransferOptions.defaults());
        List<String> got = new ArrayList<>();
        try (Statement s = duck.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, x, s FROM read_csv('" + f + "', header = true,"
                        + " columns = {'id': 'BIGINT', 'x': 'DOUBLE', 's': 'VARCHAR'})")) {
            while (rs.next()) {
                String str = rs.getString(3);
                got.add(rs.getLong(1) + "|" + Double.doubleToRawLongBits(rs.getDouble(2)) + "|"
                        + (str == null ? "" : str));
            }
        }
        List<String> want = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            want.add(ids[i] + "|" + Double.doubleToRawLongBits(xs[i]) + "|" + ss[i]);
        }
        assertEquals(want, got);
    }
}
