package io.zdbc.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The Parquet connector bundle in Felix: its component registers the Connector service, and an
 * export/import round trip with snappy and with zstd proves that the inlined parquet-java runs
 * without Hadoop and that the codecs' native libraries load from inside the bundle.
 */
@ExtendWith(ServiceExtension.class)
class ParquetConnectorTest {
    @InjectService(timeout = Timeouts.SERVICE_MS)
    DatabaseService service;

    @InjectService(filter = "(" + Connector.FORMAT_PROPERTY + "=parquet)", timeout = Timeouts.SERVICE_MS)
    Connector parquet;

    @TempDir
    Path dir;

    @Test
    void connectorIsRegisteredByTheParquetBundle() {
        assertEquals("parquet", parquet.format());
        assertEquals(List.of("parquet", "pq"), parquet.extensions());
        Bundle b = FrameworkUtil.getBundle(parquet.getClass());
        assertEquals("io.zdbc.parquet", b.getSymbolicName());
        assertEquals(Bundle.ACTIVE, b.getState());
    }

    private void roundTrip(String codec) throws Exception {
        int n = 50_000;
        long[] ids = new long[n];
        double[] xs = new double[n];
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i == 0 ? Long.MIN_VALUE : i * 31L;
            xs[i] = i == 1 ? Double.NaN : i / 4.0;
            names[i] = i % 3 == 0 ? "zü" + (i % 10) : "n" + i;
        }
        try (Database db = service.open(dir.resolve(codec + ".db"))) {
            db.write(
                    "t",
                    Batch.builder()
                            .i64("id", ids)
                            .f64("x", xs)
                            .str("name", names)
                            .build());
            Path f = dir.resolve("t-" + codec + ".parquet");
            TransferReport out =
                    parquet.exportTable(db, "t", f, TransferOptions.defaults().withCompression(codec));
            assertEquals(n, out.rows());
            assertTrue(Files.size(f) > 0);
            assertFalse(Files.exists(dir.resolve("t-" + codec + ".parquet.zdbc-tmp")));

            TransferReport in =
                    parquet.importFile(f, db, "back", TransferOptions.defaults().withBatchRows(4096));
            assertEquals(n, in.rows());
            try (TableSnapshot a = db.read("t");
                    TableSnapshot b = db.read("back")) {
                assertArrayEquals(a.column("id").toLongArray(), b.column("id").toLongArray());
                assertArrayEquals(a.column("x").toDoubleArray(), b.column("x").toDoubleArray());
                assertArrayEquals(
                        a.column("name").toStringArray(), b.column("name").toStringArray());
            }
        }
    }

    @Test
    void snappyRoundTripLoadsSnappyJavaNativeLibraryInTheFramework() throws Exception {
        roundTrip("snappy");
    }

    @Test
    void zstdRoundTripLoadsZstdJniNativeLibraryInTheFramework() throws Exception {
        roundTrip("zstd");
    }

    @Test
    void uncompressedRoundTrip() throws Exception {
        roundTrip("none");
    }

    @Test
    void truncatedFileIsAZdbcExceptionNamingTheFile() throws Exception {
        try (Database db = service.open(dir.resolve("err.db"))) {
            db.write("t", Batch.builder().i64("id", 1, 2, 3).build());
            Path f = dir.resolve("t.parquet");
            parquet.exportTable(db, "t", f, TransferOptions.defaults());
            byte[] b = Files.readAllBytes(f);
            Path cut = Files.write(dir.resolve("cut.parquet"), Arrays.copyOf(b, b.length - 5));
            ZdbcException e = assertThrows(
                    ZdbcException.class, () -> parquet.importFile(cut, db, "u", TransferOptions.defaults()));
            assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
            assertFalse(db.exists("u"));
            Path text = Files.writeString(dir.resolve("x.parquet"), "not parquet", StandardCharsets.UTF_8);
            assertThrows(ZdbcException.class, () -> parquet.importFile(text, db, "u", TransferOptions.defaults()));
        }
    }
}
