package io.zdbc.kernels.simd;

import static io.zdbc.kernels.simd.Vec.DS;
import static io.zdbc.kernels.simd.Vec.L;
import static io.zdbc.kernels.simd.Vec.LS;

import io.zdbc.kernels.scalar.RawColumn;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector loops that load mapped memory in place, through a direct {@code ByteBuffer} over the
 * column's address, instead of copying it into a chunk buffer first ({@link VectorKernels} explains
 * the copy). {@code fromByteBuffer} exists only in the incubator API of JDK 17 and 18 (19 on load
 * from {@code MemorySegment}s), so this class is loaded only there ({@link #USABLE}) and every
 * other JDK keeps the copying loops. It pays where the data is in cache: a VWAP over 10^5 mapped
 * rows stops paying three L1 round trips (copy price, copy volume, convert) per row.
 *
 * <p>The buffers are made without {@code --add-opens}: a duplicate of a zero-byte direct buffer
 * whose address and capacity fields are set with {@code Unsafe}. They own no memory; the
 * caller's column views keep the mapping alive for the call.
 *
 * <p>Written by {@link Vec}'s rules for C2 (no vector crosses a call, accumulators through arrays,
 * one vector loop per compiled unit) but one: each loop is small enough to be inlined into its
 * block driver, where the buffer it reads is made ({@link #vwapInPlace} says why).
 */
final class BufferVec {
    /** Bytes a buffer may cover: {@code ByteBuffer} capacities are ints. */
    static final long MAX_BYTES = Integer.MAX_VALUE;

    static final boolean USABLE;
    private static final long ADDRESS;
    private static final long CAPACITY;
    private static final long LIMIT;
    private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);
    /** 2^32 and the magic constant of the exact i64 → f64 conversion below. */
    private static final double TWO_32 = 0x1p32;

    private static final long MAGIC_BITS = 0x4338000000000000L;
    private static final double MAGIC = 0x1.8p52;

    static {
        long address = -1;
        long capacity = -1;
        long limit = -1;
        boolean usable = false;
        if (Runtime.version().feature() < 19 && Vec.USABLE) {
            try {
                address = RawColumn.UNSAFE.objectFieldOffset(field("address"));
                capacity = RawColumn.UNSAFE.objectFieldOffset(field("capacity"));
                limit = RawColumn.UNSAFE.objectFieldOffset(field("limit"));
                // Check the trick on memory of our own before trusting it.
                long probe = RawColumn.UNSAFE.allocateMemory(64);
                try {
                    RawColumn.UNSAFE.putLong(probe + 8, 0x0123456789abcdefL);
                    usable = wrap(probe, 64, address, capacity, limit).getLong(8) == 0x0123456789abcdefL;
                } finally {
                    RawColumn.UNSAFE.freeMemory(probe);
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                usable = false;
            }
        }
        ADDRESS = address;
        CAPACITY = capacity;
        LIMIT = limit;
        USABLE = usable;
    }

    private BufferVec() {}

    private static Field field(String name) throws NoSuchFieldException {
        return Buffer.class.getDeclaredField(name);
    }

    /** A little-endian buffer over {@code bytes} bytes at {@code address} ({@code bytes <= MAX_BYTES}). */
    static ByteBuffer wrap(long address, int bytes) {
        return wrap(address, bytes, ADDRESS, CAPACITY, LIMIT);
    }

    private static ByteBuffer wrap(long address, int bytes, long addressField, long capacityField, long limitField) {
        ByteBuffer b = EMPTY.duplicate();
        RawColumn.UNSAFE.putLong(b, addressField, address);
        RawColumn.UNSAFE.putInt(b, capacityField, bytes);
        RawColumn.UNSAFE.putInt(b, limitField, bytes);
        return b.order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * How a volume column is read: f64, or i64 converted to doubles exactly as a
     * {@code (double)} cast does, for every value. {@link #VOLUME_I64_EXACT}: the
     * high and low 32 bits each convert exactly by the magic-number trick, and
     * {@code hi * 2^32 + lo} rounds once. ({@code convert(L2D)} is intrinsified only with
     * AVX-512DQ.)
     */
    static final int VOLUME_F64 = 0;

    static final int VOLUME_I64_EXACT = 1;
    static final int VOLUME_I64_CONVERT = 2;

    /**
     * Whether {@code convert(L2D)} compiles to one instruction ({@code vcvtqq2pd}, AVX-512DQ): 512-bit
     * vectors and the CPU flag in /proc/cpuinfo (Linux; elsewhere the exact two-step conversion).
     * On a table in cache the two-step conversion makes VWAP compute-bound. (Initialized after
     * {@link #USABLE}: JDKs without these loops never read /proc/cpuinfo.)
     */
    static final boolean CONVERT_L2D = USABLE && Vec.L == 8 && cpuFlag("avx512dq");

    private static boolean cpuFlag(String flag) {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("flags"))
                    .findFirst()
                    .map(l -> Arrays.asList(
                                    l.substring(l.indexOf(':') + 1).trim().split("\\s+"))
                            .contains(flag))
                    .orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** How {@link #vwapInPlace} reads a volume column of this type here. */
    static int volumeMode(boolean i64) {
        return !i64 ? VOLUME_F64 : CONVERT_L2D ? VOLUME_I64_CONVERT : VOLUME_I64_EXACT;
    }

    /**
     * VWAP sums of every row of {@code words} whole words of mapped f64 prices at address
     * {@code price} and volumes at {@code volume} ({@code volumeMode}: {@link #volumeMode}), into
     * {@code acc} as {@link Vec#vwapDense} keeps them. Returns false, having read nothing, when
     * the columns lie too far apart for one buffer's int capacity; the caller then copies.
     *
     * <p>How it is compiled matters more than the loop: it runs about as fast as {@code fromArray}
     * on heap arrays only when C2 compiles it in one unit with the allocation of the buffer it
     * reads, so it knows the buffer (direct, no array behind it, a fixed address and limit); when
     * the buffer comes in as an argument, or from a call C2 did not inline, C2 reads the buffer's
     * fields around every load, about twice as slow ({@code benchmarks/README.md} has the
     * figures). So each volume mode has a driver
     * that makes one buffer over both columns (it may span unmapped memory between two
     * mappings; only the two ranges are read) per block of {@link #BLOCK_WORDS} words and calls
     * its loop, which is small enough for C2 to inline there (under FreqInlineSize, 325
     * bytecodes; {@code SimdKernelsStructureTest} checks), and called often enough. One driver
     * per mode keeps Vec's rule that no compiled unit holds two vector loops.
     */
    static boolean vwapInPlace(long price, long volume, long words, int volumeMode, double[] acc) {
        if (Math.abs(price - volume) > MAX_BYTES - ((long) BLOCK_WORDS << 9)) {
            return false;
        }
        if (volumeMode == VOLUME_I64_CONVERT) {
            convertBlocks(price, volume, words, acc);
        } else if (volumeMode == VOLUME_I64_EXACT) {
            exactBlocks(price, volume, words, acc);
        } else {
            f64Blocks(price, volume, words, acc);
        }
        return true;
    }

    /** Words a buffer covers: 128 KB a column (block sizes from 16 to 256 words run alike). */
    static final int BLOCK_WORDS = 256;

    private static void convertBlocks(long price, long volume, long words, double[] acc) {
        for (long w = 0; w < words; w += BLOCK_WORDS) {
            int n = (int) Math.min(BLOCK_WORDS, words - w);
            long p = price + (w << 9);
            long v = volume + (w << 9);
            long base = Math.min(p, v);
            vwapConvert(
                    wrap(base, (int) (Math.max(p, v) - base) + (n << 9)), (int) (p - base), (int) (v - base), n, acc);
        }
    }

    private static void exactBlocks(long price, long volume, long words, double[] acc) {
        for (long w = 0; w < words; w += BLOCK_WORDS) {
            int n = (int) Math.min(BLOCK_WORDS, words - w);
            long p = price + (w << 9);
            long v = volume + (w << 9);
            long base = Math.min(p, v);
            vwapExact(wrap(base, (int) (Math.max(p, v) - base) + (n << 9)), (int) (p - base), (int) (v - base), n, acc);
        }
    }

    private static void f64Blocks(long price, long volume, long words, double[] acc) {
        for (long w = 0; w < words; w += BLOCK_WORDS) {
            int n = (int) Math.min(BLOCK_WORDS, words - w);
            long p = price + (w << 9);
            long v = volume + (w << 9);
            long base = Math.min(p, v);
            vwapF64(wrap(base, (int) (Math.max(p, v) - base) + (n << 9)), (int) (p - base), (int) (v - base), n, acc);
        }
    }

    /**
     * The loops, one per volume mode: {@code nWords} words of prices at byte {@code po} of
     * {@code b} and of volumes at byte {@code vo}. Each is one loop and nothing else.
     */
    static void vwapConvert(ByteBuffer b, int po, int vo, int nWords, double[] acc) {
        DoubleVector pv0 = DoubleVector.fromArray(DS, acc, 0);
        DoubleVector pv1 = DoubleVector.fromArray(DS, acc, L);
        DoubleVector s0 = DoubleVector.fromArray(DS, acc, 2 * L);
        DoubleVector s1 = DoubleVector.fromArray(DS, acc, 3 * L);
        int end = nWords << 9;
        for (int i = 0; i < end; i += 16 * L) {
            DoubleVector v0 = (DoubleVector) LongVector.fromByteBuffer(LS, b, vo + i, ByteOrder.LITTLE_ENDIAN)
                    .convert(VectorOperators.L2D, 0);
            DoubleVector v1 = (DoubleVector) LongVector.fromByteBuffer(LS, b, vo + i + 8 * L, ByteOrder.LITTLE_ENDIAN)
                    .convert(VectorOperators.L2D, 0);
            pv0 = DoubleVector.fromByteBuffer(DS, b, po + i, ByteOrder.LITTLE_ENDIAN)
                    .mul(v0)
                    .add(pv0);
            pv1 = DoubleVector.fromByteBuffer(DS, b, po + i + 8 * L, ByteOrder.LITTLE_ENDIAN)
                    .mul(v1)
                    .add(pv1);
            s0 = v0.add(s0);
            s1 = v1.add(s1);
        }
        DoubleVector.zero(DS).add(pv0).intoArray(acc, 0);
        DoubleVector.zero(DS).add(pv1).intoArray(acc, L);
        DoubleVector.zero(DS).add(s0).intoArray(acc, 2 * L);
        DoubleVector.zero(DS).add(s1).intoArray(acc, 3 * L);
    }

    /**
     * {@link #vwapConvert} with the exact two-step i64 → f64 conversion; one vector a column per
     * step, into the first accumulators only (two would pass FreqInlineSize); slower than the
     * one-instruction conversion, so {@link #CONVERT_L2D} picks that where the CPU has it.
     */
    static void vwapExact(ByteBuffer b, int po, int vo, int nWords, double[] acc) {
        DoubleVector pv = DoubleVector.fromArray(DS, acc, 0);
        DoubleVector s = DoubleVector.fromArray(DS, acc, 2 * L);
        int end = nWords << 9;
        for (int i = 0; i < end; i += 8 * L) {
            LongVector x = LongVector.fromByteBuffer(LS, b, vo + i, ByteOrder.LITTLE_ENDIAN);
            DoubleVector hi = x.lanewise(VectorOperators.ASHR, 32)
                    .add(MAGIC_BITS)
                    .reinterpretAsDoubles()
                    .sub(MAGIC);
            DoubleVector lo =
                    x.and(0xffffffffL).add(MAGIC_BITS).reinterpretAsDoubles().sub(MAGIC);
            DoubleVector v = hi.mul(TWO_32).add(lo);
            pv = DoubleVector.fromByteBuffer(DS, b, po + i, ByteOrder.LITTLE_ENDIAN)
                    .mul(v)
                    .add(pv);
            s = v.add(s);
        }
        DoubleVector.zero(DS).add(pv).intoArray(acc, 0);
        DoubleVector.zero(DS).add(s).intoArray(acc, 2 * L);
    }

    /** {@link #vwapConvert} with f64 volumes. */
    static void vwapF64(ByteBuffer b, int po, int vo, int nWords, double[] acc) {
        DoubleVector pv0 = DoubleVector.fromArray(DS, acc, 0);
        DoubleVector pv1 = DoubleVector.fromArray(DS, acc, L);
        DoubleVector s0 = DoubleVector.fromArray(DS, acc, 2 * L);
        DoubleVector s1 = DoubleVector.fromArray(DS, acc, 3 * L);
        int end = nWords << 9;
        for (int i = 0; i < end; i += 16 * L) {
            DoubleVector v0 = DoubleVector.fromByteBuffer(DS, b, vo + i, ByteOrder.LITTLE_ENDIAN);
            DoubleVector v1 = DoubleVector.fromByteBuffer(DS, b, vo + i + 8 * L, ByteOrder.LITTLE_ENDIAN);
            pv0 = DoubleVector.fromByteBuffer(DS, b, po + i, ByteOrder.LITTLE_ENDIAN)
                    .mul(v0)
                    .add(pv0);
            pv1 = DoubleVector.fromByteBuffer(DS, b, po + i + 8 * L, ByteOrder.LITTLE_ENDIAN)
                    .mul(v1)
                    .add(pv1);
            s0 = v0.add(s0);
            s1 = v1.add(s1);
        }
        DoubleVector.zero(DS).add(pv0).intoArray(acc, 0);
        DoubleVector.zero(DS).add(pv1).intoArray(acc, L);
        DoubleVector.zero(DS).add(s0).intoArray(acc, 2 * L);
        DoubleVector.zero(DS).add(s1).intoArray(acc, 3 * L);
    }
}
