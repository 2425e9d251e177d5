package io.zdbc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.OpenOptions;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A column past 2 GiB maps as one view and reads correctly on both sides of the 2 GiB and 4 GiB
 * marks. The file is sparse, laid out byte by byte as the original library would, so the test
 * needs neither the disk space nor the time of writing 2.4 GB.
 */
class LargeColumnTest extends LeakCheckedTest {
    @TempDir
    Path dir;

    @Test
    void aColumnOfMoreThan2GiBReadsAcrossTheBoundaries() throws Exception {
        long rows = 600_000_000L; // 4.8 GB
        Path db = dir.resolve("big");
        Files.createDirectories(dir.resolve("bigdir"));
        Files.write(db, le(4 + 4 + 1).putInt(1).putInt(1).put((byte) 't').array());
        Files.write(
                dir.resolve("bigdir/t.schema"),
                le(8 + 4 + 4 + 1 + 1)
                        .putLong(rows)
                        .putInt(1)
                        .putInt(1)
                        .put("v".getBytes(StandardCharsets.UTF_8))
                        .put((byte) 0)
                        .array());
        long[] probes = {0, (1L << 28) - 1, 1L << 28, (1L << 29) - 1, 1L << 29, rows - 1};
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("bigdir/t.v").toFile(), "rw")) {
            f.setLength(rows * 8);
            for (long r : probes) {
                f.seek(r * 8);
                f.write(le(8).putLong(r * 3 + 1).array());
            }
        }
        try (Database d = Zdbc.open(db, OpenOptions.readOnlyDefaults());
                ColumnView v = d.column("t", "v")) {
            assertEquals(rows, v.rows());
            for (long r : probes) {
                assertEquals(r * 3 + 1, v.getLong(r), "row " + r);
            }
            long[] across = new long[4];
            v.readLongs((1L << 28) - 2, across, 0, 4); // bytes 2 GiB - 16 .. 2 GiB + 16
            assertEquals(0, across[0]);
            assertEquals(((1L << 28) - 1) * 3 + 1, across[1]);
            assertEquals((1L << 28) * 3 + 1, across[2]);
            assertEquals(0, across[3]);
        }
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
