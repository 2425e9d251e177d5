package io.zdbc.kernels.simd;

import static io.zdbc.kernels.simd.Vec.DS;
import static io.zdbc.kernels.simd.Vec.L;
import static io.zdbc.kernels.simd.Vec.LS;

import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector loops that load mapped memory in place, through a direct {@code ByteBuffer} over the
 * column's address, instead of copying it into a chunk buffer first ({@link SimdKernels} explains
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
 * each loop method bigger than FreqInlineSize).
 */
final class BufferVec {
    /** Bytes a buffer may cover: {@code ByteBuffer} capacities are ints; whole 64-row words. */
    static final int MAX_BYTES = 1 << 30;
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
                address = Col.UNSAFE.objectFieldOffset(field("address"));
                capacity = Col.UNSAFE.objectFieldOffset(field("capacity"));
                limit = Col.UNSAFE.objectFieldOffset(field("limit"));
                // Check the trick on memory of our own before trusting it.
                long probe = Col.UNSAFE.allocateMemory(64);
                try {
                    Col.UNSAFE.putLong(probe + 8, 0x0123456789abcdefL);
                    usable = wrap(probe, 64, address, capacity, limit).getLong(8) == 0x0123456789abcdefL;
                } finally {
                    Col.UNSAFE.freeMemory(probe);
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

    private BufferVec() {
    }

    private static Field field(String name) throws NoSuchFieldException {
        return Buffer.class.getDeclaredField(name);
    }

    /** A little-endian buffer over {@code bytes} bytes at {@code address} ({@code bytes <= MAX_BYTES}). */
    static ByteBuffer wrap(long address, int bytes) {
        return wrap(address, bytes, ADDRESS, CAPACITY, LIMIT);
    }

    private static ByteBuffer wrap(long address, int bytes, long addressField, long capacityField, long limitField) {
        ByteBuffer b = EMPTY.duplicate();
        Col.UNSAFE.putLong(b, addressField, address);
        Col.UNSAFE.putInt(b, capacityField, bytes);
        Col.UNSAFE.putInt(b, limitField, bytes);
        return b.order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * VWAP sums of every row of {@code nWords} words from byte 0 of {@code p} (f64) and {@code v}
     * (f64, or i64 when {@code volumeI64}), into {@code acc} as {@link Vec#vwapDense} keeps them.
     * i64 volumes become doubles exactly as a {@code (double)} cast does, for every value: the
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
     * Measured at 10^5 rows in cache (EPYC, AVX-512): the two-step conversion made VWAP
     * compute-bound. (Initialized after {@link #USABLE}: JDKs without these loops never read
     * /proc/cpuinfo.)
     */
    static final boolean CONVERT_L2D = USABLE && Vec.L == 8 && cpuFlag("avx512dq");

    private static boolean cpuFlag(String flag) {
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> java.util.Arrays.asList(l.substring(l.indexOf(':') + 1).trim().split("\\s+")).contains(flag))
                    .orElse(false);
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** How {@link #vwapDense} reads a volume column of this type here. */
    static int volumeMode(boolean i64) {
        return !i64 ? VOLUME_F64 : CONVERT_L2D ? VOLUME_I64_CONVERT : VOLUME_I64_EXACT;
    }

    /**
     * {@code volume}: {@link #VOLUME_F64}, {@link #VOLUME_I64_EXACT} or {@link #VOLUME_I64_CONVERT}
     * ({@link #volumeMode}; tests call each).
     */
    static void vwapDense(ByteBuffer p, ByteBuffer v, int volume, int nWords, double[] acc) {
        DoubleVector pv0 = DoubleVector.fromArray(DS, acc, 0);
        DoubleVector pv1 = DoubleVector.fromArray(DS, acc, L);
        DoubleVector s0 = DoubleVector.fromArray(DS, acc, 2 * L);
        DoubleVector s1 = DoubleVector.fromArray(DS, acc, 3 * L);
        int n = nWords << 6;
        int step = 8 * 2 * L;
        int end = n << 3;
        if (volume == VOLUME_I64_CONVERT) {
            for (int b = 0; b < end; b += step) {
                DoubleVector v0 = (DoubleVector) LongVector.fromByteBuffer(LS, v, b, ByteOrder.LITTLE_ENDIAN).convert(VectorOperators.L2D, 0);
                DoubleVector v1 = (DoubleVector) LongVector.fromByteBuffer(LS, v, b + 8 * L, ByteOrder.LITTLE_ENDIAN).convert(VectorOperators.L2D, 0);
                pv0 = DoubleVector.fromByteBuffer(DS, p, b, ByteOrder.LITTLE_ENDIAN).fma(v0, pv0);
                pv1 = DoubleVector.fromByteBuffer(DS, p, b + 8 * L, ByteOrder.LITTLE_ENDIAN).fma(v1, pv1);
                s0 = v0.add(s0);
                s1 = v1.add(s1);
            }
        } else if (volume == VOLUME_I64_EXACT) {
            for (int b = 0; b < end; b += step) {
                LongVector x0 = LongVector.fromByteBuffer(LS, v, b, ByteOrder.LITTLE_ENDIAN);
                LongVector x1 = LongVector.fromByteBuffer(LS, v, b + 8 * L, ByteOrder.LITTLE_ENDIAN);
                DoubleVector h0 = x0.lanewise(VectorOperators.ASHR, 32).add(MAGIC_BITS).reinterpretAsDoubles().sub(MAGIC);
                DoubleVector h1 = x1.lanewise(VectorOperators.ASHR, 32).add(MAGIC_BITS).reinterpretAsDoubles().sub(MAGIC);
                DoubleVector l0 = x0.and(0xffffffffL).add(MAGIC_BITS).reinterpretAsDoubles().sub(MAGIC);
                DoubleVector l1 = x1.and(0xffffffffL).add(MAGIC_BITS).reinterpretAsDoubles().sub(MAGIC);
                DoubleVector v0 = h0.mul(TWO_32).add(l0);
                DoubleVector v1 = h1.mul(TWO_32).add(l1);
                pv0 = DoubleVector.fromByteBuffer(DS, p, b, ByteOrder.LITTLE_ENDIAN).fma(v0, pv0);
                pv1 = DoubleVector.fromByteBuffer(DS, p, b + 8 * L, ByteOrder.LITTLE_ENDIAN).fma(v1, pv1);
                s0 = v0.add(s0);
                s1 = v1.add(s1);
            }
        } else {
            for (int b = 0; b < end; b += step) {
                DoubleVector v0 = DoubleVector.fromByteBuffer(DS, v, b, ByteOrder.LITTLE_ENDIAN);
                DoubleVector v1 = DoubleVector.fromByteBuffer(DS, v, b + 8 * L, ByteOrder.LITTLE_ENDIAN);
                pv0 = DoubleVector.fromByteBuffer(DS, p, b, ByteOrder.LITTLE_ENDIAN).fma(v0, pv0);
                pv1 = DoubleVector.fromByteBuffer(DS, p, b + 8 * L, ByteOrder.LITTLE_ENDIAN).fma(v1, pv1);
                s0 = v0.add(s0);
                s1 = v1.add(s1);
            }
        }
        DoubleVector.zero(DS).add(pv0).intoArray(acc, 0);
        DoubleVector.zero(DS).add(pv1).intoArray(acc, L);
        DoubleVector.zero(DS).add(s0).intoArray(acc, 2 * L);
        DoubleVector.zero(DS).add(s1).intoArray(acc, 3 * L);
    }
}
