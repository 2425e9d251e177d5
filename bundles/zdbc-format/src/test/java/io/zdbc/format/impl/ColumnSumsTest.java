package io.zdbc.format.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zlib's CRC-32 of file ranges and its combination, against java.util.zip.CRC32 (FORMAT.md, "Commit record"). */
class ColumnSumsTest {
    /** Random (length A, length B) pairs per run; {@code -Dzdbc.crc.pairs} for a longer one. */
    private static final int PAIRS = Integer.getInteger("zdbc.crc.pairs", 300);

    @TempDir
    Path tmp;

    @Test
    void combineEqualsTheCrcOfTheConcatenationOnRandomLengthsIncludingZero() {
        long seed = Long.getLong("zdbc.crc.seed", System.nanoTime());
        System.out.println("ColumnSumsTest seed " + seed + " (-Dzdbc.crc.seed=" + seed + ")");
        Random rnd = new Random(seed);
        for (int i = 0; i < PAIRS; i++) {
            // Lengths 0, small, around the powers of two zlib's table steps through, and large.
            byte[] a = bytes(rnd, length(rnd, i));
            byte[] b = bytes(rnd, length(rnd, i / 3));
            byte[] ab = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, ab, a.length, b.length);
            assertEquals(
                    crc(ab),
                    ColumnSums.combine(crc(a), crc(b), b.length),
                    "combine of " + a.length + " and " + b.length + " bytes (seed " + seed + ")");
        }
    }

    @Test
    void combineWithNothingKeepsTheFirstSumAndNothingCombinedGivesTheSecond() {
        int a = crc(new byte[] {1, 2, 3});
        assertEquals(a, ColumnSums.combine(a, 0, 0));
        assertEquals(a, ColumnSums.combine(0, a, 3));
    }

    @Test
    void sumOfAFileRangeIsTheCrcOfThoseBytesAcrossBufferBoundaries() throws Exception {
        byte[] data = bytes(new Random(7), (1 << 20) * 2 + 13);
        Path f = Files.write(tmp.resolve("f"), data);
        FileOps fs = FileOps.DEFAULT;
        assertEquals(crc(data), fs.crc32(f, 0, data.length));
        assertEquals(crc(Arrays.copyOfRange(data, 5, (1 << 20) + 9)), fs.crc32(f, 5, (1 << 20) + 4));
        assertEquals(0, fs.crc32(f, 8, 0), "the sum of no bytes is 0");
    }

    @Test
    void sumPastTheEndOfAFileFailsNamingIt() throws Exception {
        Path f = Files.write(tmp.resolve("short"), new byte[16]);
        EOFException e = assertThrows(EOFException.class, () -> FileOps.DEFAULT.crc32(f, 0, 24));
        assertEquals(f + " ended at byte 16 while being checksummed", e.getMessage());
    }

    private static int length(Random rnd, int i) {
        switch (i % 5) {
            case 0:
                return 0;
            case 1:
                return rnd.nextInt(16);
            case 2:
                return (1 << rnd.nextInt(17)) + rnd.nextInt(3) - 1;
            default:
                return rnd.nextInt(200_000);
        }
    }

    private static byte[] bytes(Random rnd, int n) {
        byte[] b = new byte[Math.max(n, 0)];
        rnd.nextBytes(b);
        return b;
    }

    private static int crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return (int) c.getValue();
    }
}
