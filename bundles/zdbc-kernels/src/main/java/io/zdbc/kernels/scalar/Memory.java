package io.zdbc.kernels.scalar;

import io.zdbc.api.ColumnType;
import io.zdbc.api.TypeMismatchException;
import io.zdbc.spi.ColumnMemory;
import java.lang.reflect.Field;
import sun.misc.Unsafe;

/**
 * Reads 8-byte values of a column, mapped or on the heap, with one branch per column rather
 * than per value: callers pick the loop by {@link #mapped}.
 */
final class Memory {
    static final Unsafe UNSAFE = unsafe();
    static final boolean LITTLE_ENDIAN = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;
    static final long LONG_BASE = UNSAFE.arrayBaseOffset(long[].class);
    static final long DOUBLE_BASE = UNSAFE.arrayBaseOffset(double[].class);
    static final long BYTE_BASE = UNSAFE.arrayBaseOffset(byte[].class);

    final long rows;
    final long address;
    final long[] longs;
    final double[] doubles;
    final byte[] packed;
    final ColumnType type;

    Memory(ColumnMemory m) {
        this.rows = m.rows();
        this.type = m.type();
        this.address = m.address();
        Object heap = m.heapArray();
        if (address == 0 && heap == null && rows == 0) {
            // An empty mapped column has no memory at all: treat it as an empty heap column.
            heap = type == ColumnType.I64 ? new long[0] : type == ColumnType.F64 ? new double[0] : new byte[0];
        }
        this.longs = heap instanceof long[] ? (long[]) heap : null;
        this.doubles = heap instanceof double[] ? (double[]) heap : null;
        this.packed = heap instanceof byte[] ? (byte[]) heap : null;
        if (address == 0 && heap == null && rows > 0) {
            throw new IllegalArgumentException("column memory has neither an address nor a heap array");
        }
    }

    boolean mapped() {
        return address != 0;
    }

    /** The raw little-endian 8 bytes of a row as a long (any type). */
    long raw(long row) {
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
        return io.zdbc.api.Str8.pack(packed, (int) row << 3);
    }

    double f64(long row) {
        if (doubles != null) {
            return doubles[(int) row];
        }
        return Double.longBitsToDouble(raw(row));
    }

    /** A numeric value as double, for VWAP over i64 or f64 columns. */
    double asDouble(long row) {
        return type == ColumnType.F64 ? f64(row) : (double) raw(row);
    }

    /** Rows {@code [row, row + n)} as raw little-endian longs at the start of {@code dst}. */
    void copy(long row, int n, long[] dst) {
        if (!LITTLE_ENDIAN) {
            for (int i = 0; i < n; i++) {
                dst[i] = raw(row + i);
            }
        } else if (address != 0) {
            UNSAFE.copyMemory(null, address + (row << 3), dst, LONG_BASE, (long) n << 3);
        } else if (longs != null) {
            System.arraycopy(longs, (int) row, dst, 0, n);
        } else if (doubles != null) {
            UNSAFE.copyMemory(doubles, DOUBLE_BASE + (row << 3), dst, LONG_BASE, (long) n << 3);
        } else {
            UNSAFE.copyMemory(packed, BYTE_BASE + (row << 3), dst, LONG_BASE, (long) n << 3);
        }
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
