package io.zdbc.feather.impl;

import io.zdbc.api.ColumnType;
import io.zdbc.spi.connector.ColumnBuffer;
import java.math.BigDecimal;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.Float16;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ViewVarBinaryVector;
import org.apache.arrow.vector.ViewVarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The shared type mapping (docs/CONNECTORS.md) for one Arrow value type: which zdbc type it
 * becomes, and how one non-null value is added to a {@link ColumnBuffer}. Fixed-width values are
 * read straight from the vector's data buffer; strings are copied 9 bytes at most (enough to trim
 * at a character boundary), so no value allocates.
 */
abstract class ArrowColumn {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    final ColumnType type;

    private ArrowColumn(ColumnType type) {
        this.type = type;
    }

    /** Adds the non-null value at {@code i} of {@code v} to {@code out}. */
    abstract void add(FieldVector v, int i, ColumnBuffer out);

    /** True when the data buffer holds each value as zdbc stores it: a little-endian 8-byte word. */
    boolean bulk() {
        return false;
    }

    /** The mapping of {@code t}, or null if zdbc cannot import it (lists, structs, intervals, ...). */
    static ArrowColumn of(ArrowType t) {
        switch (t.getTypeID()) {
            case Int:
                return integer((ArrowType.Int) t);
            case Bool:
                return new I64() {
                    @Override
                    long get(FieldVector v, int i) {
                        return ((BitVector) v).get(i);
                    }
                };
            case FloatingPoint:
                return floating((ArrowType.FloatingPoint) t);
            case Decimal:
                return new ArrowColumn(ColumnType.F64) {
                    @Override
                    void add(FieldVector v, int i, ColumnBuffer out) {
                        out.addDouble(((BigDecimal) v.getObject(i)).doubleValue());
                    }
                };
            case Date:
                if (((ArrowType.Date) t).getUnit() == DateUnit.DAY) {
                    return new I64() {
                        @Override
                        long get(FieldVector v, int i) {
                            return data(v).getInt(4L * i);
                        }
                    };
                }
                return new I64() {
                    @Override
                    long get(FieldVector v, int i) {
                        return Math.floorDiv(data(v).getLong(8L * i), MILLIS_PER_DAY);
                    }
                };
            case Timestamp:
                return micros64(((ArrowType.Timestamp) t).getUnit());
            case Duration:
                return micros64(((ArrowType.Duration) t).getUnit());
            case Time:
                ArrowType.Time time = (ArrowType.Time) t;
                if (time.getBitWidth() == 32) {
                    long factor = time.getUnit() == TimeUnit.SECOND ? 1_000_000L : 1_000L;
                    return new I64() {
                        @Override
                        long get(FieldVector v, int i) {
                            return data(v).getInt(4L * i) * factor;
                        }
                    };
                }
                return micros64(time.getUnit());
            case Utf8:
            case Binary:
                return new Str() {
                    @Override
                    void add(FieldVector v, int i, ColumnBuffer out) {
                        ArrowBuf offsets = v.getOffsetBuffer();
                        long start = offsets.getInt(4L * i);
                        addBytes(v, start, offsets.getInt(4L * i + 4) - start, out);
                    }
                };
            case LargeUtf8:
            case LargeBinary:
                return new Str() {
                    @Override
                    void add(FieldVector v, int i, ColumnBuffer out) {
                        ArrowBuf offsets = v.getOffsetBuffer();
                        long start = offsets.getLong(8L * i);
                        addBytes(v, start, offsets.getLong(8L * i + 8) - start, out);
                    }
                };
            case FixedSizeBinary:
                int width = ((ArrowType.FixedSizeBinary) t).getByteWidth();
                return new Str() {
                    @Override
                    void add(FieldVector v, int i, ColumnBuffer out) {
                        addBytes(v, (long) width * i, width, out);
                    }
                };
            case Utf8View:
            case BinaryView:
                return new ArrowColumn(ColumnType.STR) {
                    @Override
                    void add(FieldVector v, int i, ColumnBuffer out) {
                        byte[] b = v instanceof ViewVarCharVector
                                ? ((ViewVarCharVector) v).get(i)
                                : ((ViewVarBinaryVector) v).get(i);
                        out.addUtf8(b, 0, b.length);
                    }
                };
            default:
                return null;
        }
    }

    /** The data buffer of a fixed-width vector. */
    static ArrowBuf data(FieldVector v) {
        return v.getDataBuffer();
    }

    private static ArrowColumn integer(ArrowType.Int t) {
        boolean signed = t.getIsSigned();
        switch (t.getBitWidth()) {
            case 8:
                return new I64() {
                    @Override
                    long get(FieldVector v, int i) {
                        byte b = data(v).getByte(i);
                        return signed ? b : b & 0xFFL;
                    }
                };
            case 16:
                return new I64() {
                    @Override
                    long get(FieldVector v, int i) {
                        short s = data(v).getShort(2L * i);
                        return signed ? s : s & 0xFFFFL;
                    }
                };
            case 32:
                return new I64() {
                    @Override
                    long get(FieldVector v, int i) {
                        int n = data(v).getInt(4L * i);
                        return signed ? n : n & 0xFFFF_FFFFL;
                    }
                };
            case 64:
                // uint64 above Long.MAX_VALUE keeps its two's-complement bits.
                return new I64() {
                    @Override
                    long get(FieldVector v, int i) {
                        return data(v).getLong(8L * i);
                    }

                    @Override
                    boolean bulk() {
                        return true;
                    }
                };
            default:
                return null;
        }
    }

    private static ArrowColumn floating(ArrowType.FloatingPoint t) {
        switch (t.getPrecision()) {
            case HALF:
                return new F64() {
                    @Override
                    double get(FieldVector v, int i) {
                        return Float16.toFloat(data(v).getShort(2L * i));
                    }
                };
            case SINGLE:
                return new F64() {
                    @Override
                    double get(FieldVector v, int i) {
                        return data(v).getFloat(4L * i);
                    }
                };
            default:
                return new F64() {
                    @Override
                    double get(FieldVector v, int i) {
                        return data(v).getDouble(8L * i);
                    }

                    @Override
                    boolean bulk() {
                        return true;
                    }
                };
        }
    }

    /** A 64-bit count of {@code unit}s as microseconds (timestamps in any zone, time64, durations). */
    private static ArrowColumn micros64(TimeUnit unit) {
        switch (unit) {
            case SECOND:
                return new I64() {
                    @Override
                    long get(FieldVector v, int i) {
                        return Math.multiplyExact(data(v).getLong(8L * i), 1_000_000L);
                    }
                };
            case MILLISECOND:
                return new I64() {
                    @Override
                    long get(FieldVector v, int i) {
                        return Math.multiplyExact(data(v).getLong(8L * i), 1_000L);
                    }
                };
            case MICROSECOND:
                return new I64() {
                    @Override
                    long get(FieldVector v, int i) {
                        return data(v).getLong(8L * i);
                    }

                    @Override
                    boolean bulk() {
                        return true;
                    }
                };
            default:
                return new I64() {
                    @Override
                    long get(FieldVector v, int i) {
                        return Math.floorDiv(data(v).getLong(8L * i), 1_000L);
                    }
                };
        }
    }

    private abstract static class I64 extends ArrowColumn {
        I64() {
            super(ColumnType.I64);
        }

        abstract long get(FieldVector v, int i);

        @Override
        final void add(FieldVector v, int i, ColumnBuffer out) {
            out.addLong(get(v, i));
        }
    }

    private abstract static class F64 extends ArrowColumn {
        F64() {
            super(ColumnType.F64);
        }

        abstract double get(FieldVector v, int i);

        @Override
        final void add(FieldVector v, int i, ColumnBuffer out) {
            out.addDouble(get(v, i));
        }
    }

    private abstract static class Str extends ArrowColumn {
        /** 9 bytes: the 8 kept, plus one to see whether the 9th starts a new character. */
        private final byte[] scratch = new byte[Long.BYTES + 1];

        Str() {
            super(ColumnType.STR);
        }

        final void addBytes(FieldVector v, long start, long len, ColumnBuffer out) {
            if (len < 0) {
                throw new IllegalArgumentException("negative value length " + len + " (corrupt offsets)");
            }
            int n = (int) Math.min(len, scratch.length);
            v.getDataBuffer().getBytes(start, scratch, 0, n);
            // encodeUtf8 reads at most 9 bytes, so the true length can be passed with the 9-byte prefix.
            out.addUtf8(scratch, 0, (int) Math.min(len, Integer.MAX_VALUE));
        }
    }
}
