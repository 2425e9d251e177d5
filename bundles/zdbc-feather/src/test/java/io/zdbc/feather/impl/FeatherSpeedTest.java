package io.zdbc.feather.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zdbc.api.Database;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.connector.TransferOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rough timings of a 10-million-row export and import (i64, f64, str), uncompressed and ZSTD.
 * Skipped unless run with {@code -Dzdbc.speed=true}; prints, asserts only the row counts.
 */
class FeatherSpeedTest {
    @TempDir
    Path dir;

    @Test
    void tenMillionRows() {
        assumeTrue(Boolean.getBoolean("zdbc.speed"), "run with -Dzdbc.speed=true");
        int n = 10_000_000;
        FeatherConnector feather = new FeatherConnector();
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            db.write("t", FeatherRoundTripTest.rows(n));
            for (String c : new String[] {"none", "zstd"}) {
                for (int round = 0; round < 2; round++) {
                    Path f = dir.resolve("t-" + c + ".feather");
                    long t0 = System.nanoTime();
                    assertEquals(
                            n,
                            feather.exportTable(
                                            db,
                                            "t",
                                            f,
                                            TransferOptions.defaults().withCompression(c))
                                    .rows());
                    long t1 = System.nanoTime();
                    assertEquals(
                            n,
                            feather.importFile(f, db, "back", TransferOptions.defaults())
                                    .rows());
                    long t2 = System.nanoTime();
                    System.out.printf(
                            "feather %s: %d rows, %.1f MB file, export %d ms, import %d ms%n",
                            c, n, f.toFile().length() / 1e6, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
