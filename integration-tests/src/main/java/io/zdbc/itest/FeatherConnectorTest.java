package io.zdbc.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.api.DatabaseService;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.spi.Connector;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The Feather connector bundle (Arrow Java, FlatBuffers, Jackson and zstd-jni inlined) resolves in
 * Felix with only the zdbc bundles and SCR, registers its Connector, and round-trips a table,
 * uncompressed (zero-copy numeric export) and with ZSTD (native library loaded from the bundle).
 */
@ExtendWith(ServiceExtension.class)
class FeatherConnectorTest {
    @InjectService(timeout = Timeouts.SERVICE_MS, filter = "(" + Connector.FORMAT_PROPERTY + "=feather)")
    Connector feather;

    @InjectService(timeout = Timeouts.SERVICE_MS)
    DatabaseService service;

    @TempDir
    Path dir;

    @Test
    void theServiceIsTheFeatherConnector() {
        assertEquals("feather", feather.format());
        assertEquals(List.of("feather", "arrow", "ipc"), feather.extensions());
    }

    @Test
    void roundTripsATableUncompressedAndWithZstd() {
        long[] ids = {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE};
        double[] scores = {Double.NaN, -0.0, 1.5, Double.MIN_VALUE, Double.POSITIVE_INFINITY};
        String[] names = {"", "alice", "ünïcö", "12345678", "€"};
        try (Database db = service.open(dir.resolve("db"))) {
            db.write(
                    "people",
                    Batch.builder()
                            .i64("id", ids)
                            .f64("score", scores)
                            .str("name", names)
                            .build());
            for (String compression : List.of("none", "zstd")) {
                Path f = dir.resolve("people-" + compression + ".feather");
                TransferOptions o =
                        TransferOptions.defaults().withCompression(compression).withBatchRows(2);
                assertEquals(5, feather.exportTable(db, "people", f, o).rows());
                assertTrue(Files.exists(f));
                TransferReport r = feather.importFile(f, db, "back-" + compression, o);
                assertEquals(new TransferReport("back-" + compression, 5, 0, 0, 0), r);
                try (TableSnapshot s = db.read("back-" + compression)) {
                    assertArrayEquals(ids, s.column("id").toLongArray(), compression);
                    assertArrayEquals(scores, s.column("score").toDoubleArray(), compression);
                    assertArrayEquals(names, s.column("name").toStringArray(), compression);
                }
            }
        }
    }

    @Test
    void badInputIsAZdbcExceptionNamingTheFile() throws Exception {
        Path notArrow = dir.resolve("x.feather");
        Files.writeString(notArrow, "id\n1\n");
        try (Database db = service.open(dir.resolve("db"))) {
            ZdbcException e = assertThrows(
                    ZdbcException.class, () -> feather.importFile(notArrow, db, "t", TransferOptions.defaults()));
            assertTrue(e.getMessage().contains(notArrow.toString()), e.getMessage());
        }
    }
}
