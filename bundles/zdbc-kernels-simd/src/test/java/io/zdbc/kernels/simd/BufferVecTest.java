package io.zdbc.kernels.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zdbc.kernels.scalar.RawColumn;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The in-place loads of JDK 17/18 ({@link BufferVec}) on native memory of the test's own. */
class BufferVecTest {
    static final int ROWS = 64;
    long price;
    long volume;

    @BeforeEach
    void allocate() {
        price = RawColumn.UNSAFE.allocateMemory(ROWS * 8L);
        volume = RawColumn.UNSAFE.allocateMemory(ROWS * 8L);
    }

    @AfterEach
    void free() {
        RawColumn.UNSAFE.freeMemory(price);
        RawColumn.UNSAFE.freeMemory(volume);
    }

    @Test
    void usableExactlyWhereTheIncubatorLoadsFromByteBuffers() {
        boolean jdk17or18 = Runtime.version().feature() < 19;
        assertEquals(jdk17or18 && Vec.USABLE, BufferVec.USABLE);
        if (!jdk17or18) {
            assertFalse(BufferVec.USABLE);
        }
    }

    @Test
    void oneInstructionConversionOnlyWith512BitVectorsAndAvx512dq() {
        if (BufferVec.CONVERT_L2D) {
            assertEquals(8, Vec.L);
        }
    }

    @Test
    void aBufferReadsTheMemoryAtItsAddress() {
        assumeTrue(BufferVec.USABLE);
        RawColumn.UNSAFE.putLong(volume + 16, -42L);
        ByteBuffer b = BufferVec.wrap(volume, ROWS * 8);
        assertEquals(ROWS * 8, b.capacity());
        assertEquals(-42L, b.getLong(16));
    }

    /** One non-zero volume per word, price 1: the sums are that volume converted, nothing else. */
    @Test
    void i64VolumesConvertExactlyAsACastDoesForEveryMagnitude() {
        assumeTrue(BufferVec.USABLE);
        SplittableRandom r = new SplittableRandom(17);
        long[] values = new long[2000];
        long[] fixed = {
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            -1,
            1,
            (1L << 53) + 1,
            -(1L << 53) - 1,
            (1L << 63) - 1025,
            0xffffffffL,
            0x100000000L,
            -0x100000000L,
            (1L << 62) + 3,
            123456789012345678L
        };
        System.arraycopy(fixed, 0, values, 0, fixed.length);
        for (int i = fixed.length; i < values.length; i++) {
            values[i] = r.nextLong() >> r.nextInt(64);
        }
        for (int i = 0; i < ROWS; i++) {
            RawColumn.UNSAFE.putDouble(price + 8L * i, 1.0);
        }
        for (long x : values) {
            int lane = (int) (Math.floorMod(x, ROWS));
            for (int i = 0; i < ROWS; i++) {
                RawColumn.UNSAFE.putLong(volume + 8L * i, i == lane ? x : 0);
            }
            for (int mode : new int[] {BufferVec.VOLUME_I64_EXACT, BufferVec.VOLUME_I64_CONVERT}) {
                double[] sums = vwapSums(mode);
                assertEquals((double) x, sums[1], "volume " + x + ", mode " + mode);
                assertEquals((double) x, sums[0], "price 1 x volume " + x + ", mode " + mode);
            }
        }
    }

    @Test
    void f64VolumesAddAsTheyAre() {
        assumeTrue(BufferVec.USABLE);
        double want = 0;
        double wantPv = 0;
        for (int i = 0; i < ROWS; i++) {
            RawColumn.UNSAFE.putDouble(price + 8L * i, i * 0.5);
            RawColumn.UNSAFE.putDouble(volume + 8L * i, 1 << (i % 8));
            want += 1 << (i % 8);
            wantPv += i * 0.5 * (1 << (i % 8));
        }
        double[] sums = vwapSums(BufferVec.VOLUME_F64);
        // Small integers and halves: every partial sum is exact, in any order.
        assertEquals(want, sums[1]);
        assertEquals(wantPv, sums[0]);
        assertTrue(sums[1] > 0);
    }

    /** Prices after volumes in memory (the buffer starts at the volumes), and right next to them. */
    @Test
    void eitherColumnMayComeFirstInMemory() {
        assumeTrue(BufferVec.USABLE);
        long both = RawColumn.UNSAFE.allocateMemory(2 * ROWS * 8L);
        try {
            for (int i = 0; i < ROWS; i++) {
                RawColumn.UNSAFE.putLong(both + 8L * i, i + 1);
                RawColumn.UNSAFE.putDouble(both + ROWS * 8L + 8L * i, 2.0);
            }
            double want = ROWS * (ROWS + 1) / 2.0;
            double[] after = vwapSums(both + ROWS * 8L, both, BufferVec.volumeMode(true));
            assertEquals(want, after[1]);
            assertEquals(2 * want, after[0]);
            for (int i = 0; i < ROWS; i++) {
                RawColumn.UNSAFE.putDouble(both + 8L * i, 2.0);
                RawColumn.UNSAFE.putLong(both + ROWS * 8L + 8L * i, i + 1);
            }
            double[] before = vwapSums(both, both + ROWS * 8L, BufferVec.volumeMode(true));
            assertEquals(want, before[1]);
            assertEquals(2 * want, before[0]);
        } finally {
            RawColumn.UNSAFE.freeMemory(both);
        }
    }

    /** Too far apart for one int-sized buffer: nothing is read (these addresses are not mapped). */
    @Test
    void columnsTooFarApartAreLeftToTheCopyingLoop() {
        assumeTrue(BufferVec.USABLE);
        double[] acc = new double[Vec.ACC];
        assertFalse(BufferVec.vwapInPlace(price, price + (1L << 31), 1, BufferVec.VOLUME_F64, acc));
        assertFalse(BufferVec.vwapInPlace(price + (1L << 40), price, 1, BufferVec.VOLUME_F64, acc));
        // The exact limit: a block's buffer must still fit an int capacity. (No words: nothing is read.)
        long limit = BufferVec.MAX_BYTES - ((long) BufferVec.BLOCK_WORDS << 9);
        assertTrue(BufferVec.vwapInPlace(price, price + limit, 0, BufferVec.VOLUME_F64, acc));
        assertFalse(BufferVec.vwapInPlace(price, price + limit + 1, 0, BufferVec.VOLUME_F64, acc));
        assertTrue(BufferVec.vwapInPlace(price + limit, price, 0, BufferVec.VOLUME_F64, acc));
        assertEquals(0, Arrays.stream(acc).filter(x -> x != 0).count());
    }

    /** {Σ price·volume, Σ volume} of the one word at {@link #price} and {@link #volume}. */
    private double[] vwapSums(int volumeMode) {
        return vwapSums(price, volume, volumeMode);
    }

    private static double[] vwapSums(long price, long volume, int volumeMode) {
        double[] acc = new double[Vec.ACC];
        assertTrue(
                BufferVec.vwapInPlace(price, volume, 1, volumeMode, acc),
                "columns " + Math.abs(price - volume) + " bytes apart");
        double[] sums = new double[2];
        for (int i = 0; i < 2 * Vec.L; i++) {
            sums[0] += acc[i];
            sums[1] += acc[2 * Vec.L + i];
        }
        return sums;
    }
}
