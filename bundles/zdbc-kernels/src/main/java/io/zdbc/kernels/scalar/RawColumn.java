package io.zdbc.kernels.scalar;

import io.zdbc.api.ColumnType;
import io.zdbc.api.Str8;
import io.zdbc.api.TypeMismatchException;
import io.zdbc.spi.kernel.ColumnMemory;
import java.lang.reflect.Field;
import java.nio.ByteOrder;
import sun.misc.Unsafe;

/**
 * One column's 8-byte values as the kernels read them, mapped or on the heap; shared by the scalar
 * and the SIMD kernels so that both check and read column memory the same way. Row {@code r} is at
 * {@code offset + 8r} in {@code base} for {@code sun.misc.Unsafe} (base null for a mapped column,
 * whose offset is its native address; the heap array otherwise); a heap {@code long[]} or
 * {@code double[]} is also there as itself, for loops that read it in place.
 */
public final class RawColumn {
    /** For kernels that read or copy column memory directly. */
    public static final Unsafe UNSAFE = unsafe();

    public static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    static final long LONG_BASE = UNSAFE.arrayBaseOffset(long[].class);
    static final long DOUBLE_BASE = UNSAFE.arrayBaseOffset(double[].class);
    static final long BYTE_BASE = UNSAFE.arrayBaseOffset(byte[].class);

    public final ColumnType type;
    public final long rows;
    /** The native address of row 0, or 0 on the heap. */
    public final long address;
    /** Null for mapped memory, else the heap array. */
    public final Object base;

    public final long offset;
    /** The heap values when they are a {@code long[]} (i64) or {@code double[]} (f64), else null. */
    public final long[] longs;

    public final double[] doubles;
    /** The heap values when they are packed str bytes, else null. */
    public final byte[] packed;

    /**
     * @throws IllegalArgumentException if the memory has neither an address nor a heap array, or
     *     a heap array of another kind or of fewer values than rows
     */
    public RawColumn(ColumnMemory m) {
        this.type = m.type();
        this.rows = m.rows();
        this.address = m.address();
        Object heap = m.heapArray();
        if (address == 0 && heap == null) {
            if (rows > 0) {
                throw new IllegalArgumentException("column memory has neither an address nor a heap array");
            }
            // An empty mapped column has no memory at all: treat it as an empty heap column.
            heap = type == ColumnType.I64 ? new long[0] : type == ColumnType.F64 ? new double[0] : new byte[0];
        }
        if (address != 0) {
            heap = null;
            base = null;
            offset = address;
        } else if (heap instanceof long[]) {
            base = heap;
            offset = LONG_BASE;
        } else if (heap instanceof double[]) {
            base = heap;
            offset = DOUBLE_BASE;
        } else if (heap instanceof byte[]) {
            base = heap;
            offset = BYTE_BASE;
        } else {
            throw new IllegalArgumentException("unsupported heap array " + heap.getClass());
        }
        this.longs = heap instanceof long[] ? (long[]) heap : null;
        this.doubles = heap instanceof double[] ? (double[]) heap : null;
        this.packed = heap instanceof byte[] ? (byte[]) heap : null;
        long have = longs != null
                ? longs.length
                : doubles != null ? doubles.length : packed != null ? packed.length >>> 3 : Long.MAX_VALUE;
        if (have < rows) {
            throw new IllegalArgumentException("heap array holds " + have + " values, column has " + rows + " rows");
        }
    }

    public boolean mapped() {
        return address != 0;
    }

    /** The raw little-endian 8 bytes of a row as a long, whatever the type. */
    public long raw(long row) {
        if (address != 0) {
            long v = UNSAFE.getLong(address + (row << 3));
            return LITTLE_ENDIAN ? v : Long.reverseBytes(v);
        }
        if (longs != null) {
            return longs[(int) row];
        }
        if (doubles != null) {
            return Double.doubleToRawLongBits(doubles[(int) row]);
        }
        return Str8.pack(packed, (int) row << 3);
    }

    public double f64(long row) {
        if (doubles != null) {
            return doubles[(int) row];
        }
        return Double.longBitsToDouble(raw(row));
    }

    /** A numeric value as double, for VWAP over i64 or f64 columns. */
    public double asDouble(long row) {
        return type == ColumnType.F64 ? f64(row) : (double) raw(row);
    }

    /** Rows {@code [row, row + n)} as raw little-endian longs at the start of {@code dst}. */
    public void copy(long row, int n, long[] dst) {
        if (!LITTLE_ENDIAN) {
            for (int i = 0; i < n; i++) {
                dst[i] = raw(row + i);
            }
            return;
        }
        UNSAFE.copyMemory(base, offset + (row << 3), dst, LONG_BASE, (long) n << 3);
    }

    /** Rows {@code [row, row + n)} as doubles at the start of {@code dst}. */
    public void copy(long row, int n, double[] dst) {
        if (!LITTLE_ENDIAN) {
            for (int i = 0; i < n; i++) {
                dst[i] = f64(row + i);
            }
            return;
        }
        UNSAFE.copyMemory(base, offset + (row << 3), dst, DOUBLE_BASE, (long) n << 3);
    }

    /** @throws TypeMismatchException unless the column has one of the {@code allowed} types */
    public void require(ColumnType... allowed) {
        for (ColumnType t : allowed) {
            if (t == type) {
                return;
            }
        }
        throw new TypeMismatchException(null, "(kernel argument)", allowed[0], type);
    }

    private static Unsafe unsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
