package io.zdbc.kernels.simd;

import io.zdbc.api.ColumnType;
import io.zdbc.api.TypeMismatchException;
import io.zdbc.spi.ColumnMemory;
import java.lang.reflect.Field;
import java.nio.ByteOrder;
import sun.misc.Unsafe;

/**
 * One column's 8-byte values as {@code (base, offset)} for {@code sun.misc.Unsafe}: row {@code r}
 * is at {@code offset + 8r} in {@code base} (null for a mapped column, whose offset is its native
 * address; the heap array otherwise). Also the heap {@code long[]}/{@code double[]} itself when
 * the vector kernels can load from it directly.
 */
final class Col {
    static final Unsafe UNSAFE = unsafe();
    static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    static final long LONG_BASE = UNSAFE.arrayBaseOffset(long[].class);
    static final long DOUBLE_BASE = UNSAFE.arrayBaseOffset(double[].class);
    static final long BYTE_BASE = UNSAFE.arrayBaseOffset(byte[].class);

    final ColumnType type;
    final long rows;
    /** Null for mapped memory. */
    final Object base;
    final long offset;
    /** The heap values when they are a {@code long[]} (i64) or {@code double[]} (f64), else null. */
    final long[] longs;
    final double[] doubles;
    /** Whether {@link #raw} must reverse bytes: little-endian data on a big-endian machine. */
    final boolean swap;

    Col(ColumnMemory m) {
        this.type = m.type();
        this.rows = m.rows();
        long address = m.address();
        Object heap = m.heapArray();
        if (address == 0 && heap == null) {
            if (rows > 0) {
                throw new IllegalArgumentException("column memory has neither an address nor a heap array");
            }
            // An empty mapped column has no memory at all: an empty heap column.
            heap = new long[0];
        }
        if (address != 0) {
            base = null;
            offset = address;
            longs = null;
            doubles = null;
            swap = !LITTLE_ENDIAN;
        } else if (heap instanceof long[]) {
            base = heap;
            offset = LONG_BASE;
            longs = (long[]) heap;
            doubles = null;
            swap = false;
        } else if (heap instanceof double[]) {
            base = heap;
            offset = DOUBLE_BASE;
            longs = null;
            doubles = (double[]) heap;
            swap = false;
        } else if (heap instanceof byte[]) {
            base = heap;
            offset = BYTE_BASE;
            longs = null;
            doubles = null;
            swap = !LITTLE_ENDIAN;
        } else {
            throw new IllegalArgumentException("unsupported heap array " + heap.getClass());
        }
        long have = heap instanceof long[] ? ((long[]) heap).length
                : heap instanceof double[] ? ((double[]) heap).length
                : heap instanceof byte[] ? ((byte[]) heap).length >>> 3 : Long.MAX_VALUE;
        if (have < rows) {
            throw new IllegalArgumentException("heap array holds " + have + " values, column has " + rows + " rows");
        }
    }

    /** The raw little-endian 8 bytes of a row as a long, whatever the type. */
    long raw(long row) {
        long v = UNSAFE.getLong(base, offset + (row << 3));
        return swap ? Long.reverseBytes(v) : v;
    }

    double f64(long row) {
        return Double.longBitsToDouble(raw(row));
    }

    /** A numeric value as double (VWAP takes i64 or f64). */
    double asDouble(long row) {
        return type == ColumnType.F64 ? f64(row) : (double) raw(row);
    }

    /** Copies rows {@code [row, row + n)} into the start of {@code dst}. Little-endian machines only. */
    void copy(long row, int n, long[] dst) {
        UNSAFE.copyMemory(base, offset + (row << 3), dst, LONG_BASE, (long) n << 3);
    }

    /** Copies rows {@code [row, row + n)} into the start of {@code dst}. Little-endian machines only. */
    void copy(long row, int n, double[] dst) {
        UNSAFE.copyMemory(base, offset + (row << 3), dst, DOUBLE_BASE, (long) n << 3);
    }

    void require(ColumnType... allowed) {
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
