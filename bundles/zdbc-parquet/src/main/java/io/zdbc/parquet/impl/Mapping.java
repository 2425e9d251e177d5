package io.zdbc.parquet.impl;

import io.zdbc.api.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * How one top-level Parquet column becomes a zdbc column: the shared type mapping of
 * docs/CONNECTORS.md, decided from the physical type and its logical type annotation.
 */
enum Mapping {
    /** INT32, any signed INT annotation, or none. */
    INT32(ColumnType.I64),
    /** INT32 with UINT(32) (UINT 8/16 fit in a signed int anyway). */
    UINT32(ColumnType.I64),
    /** INT64, signed or unsigned (uint64 keeps its two's-complement bits). */
    INT64(ColumnType.I64),
    BOOLEAN(ColumnType.I64),
    FLOAT(ColumnType.F64),
    DOUBLE(ColumnType.F64),
    /** FIXED_LEN_BYTE_ARRAY(2) FLOAT16, little-endian IEEE half precision. */
    FLOAT16(ColumnType.F64),
    DECIMAL_INT32(ColumnType.F64),
    DECIMAL_INT64(ColumnType.F64),
    /** DECIMAL on BINARY or FIXED_LEN_BYTE_ARRAY: big-endian two's complement unscaled value. */
    DECIMAL_BYTES(ColumnType.F64),
    /** INT32 DATE: days since 1970-01-01, as is. */
    DATE(ColumnType.I64),
    /** INT32 TIME(MILLIS) -> micros. */
    INT32_MILLIS(ColumnType.I64),
    /** INT64 TIMESTAMP/TIME(MILLIS) -> micros. */
    INT64_MILLIS(ColumnType.I64),
    /** INT64 TIMESTAMP/TIME(MICROS), as is. */
    INT64_MICROS(ColumnType.I64),
    /** INT64 TIMESTAMP/TIME(NANOS) -> micros (floor). */
    INT64_NANOS(ColumnType.I64),
    /** INT96 legacy timestamp (Impala, Spark, Hive): nanos of day + Julian day, little-endian -> micros. */
    INT96(ColumnType.I64),
    /** BINARY / FIXED_LEN_BYTE_ARRAY (STRING, ENUM, JSON, BSON, UUID or none) -> str. */
    BYTES(ColumnType.STR);

    /** Julian day number of 1970-01-01. */
    static final long JULIAN_EPOCH_DAY = 2_440_588L;

    static final long MICROS_PER_DAY = 86_400_000_000L;

    final ColumnType type;

    Mapping(ColumnType type) {
        this.type = type;
    }

    /** Thrown for a column zdbc has no type for; the message says what it is. */
    static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String what) {
            super(what, null, false, false);
        }
    }

    /** The mapping of a top-level field. @throws Unsupported for nested, repeated and other types */
    static Mapping of(Type field) throws Unsupported {
        LogicalTypeAnnotation logical = field.getLogicalTypeAnnotation();
        if (!field.isPrimitive()) {
            if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
                throw new Unsupported("a LIST");
            }
            if (logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation) {
                throw new Unsupported("a MAP");
            }
            throw new Unsupported("a group (struct" + (logical == null ? "" : ", " + logical) + ")");
        }
        PrimitiveType p = field.asPrimitiveType();
        if (field.isRepetition(Type.Repetition.REPEATED)) {
            throw new Unsupported("a repeated " + describe(p) + " (a list)");
        }
        switch (p.getPrimitiveTypeName()) {
            case BOOLEAN:
                return BOOLEAN;
            case FLOAT:
                return FLOAT;
            case DOUBLE:
                return DOUBLE;
            case INT96:
                return INT96;
            case INT32:
                return int32(p, logical);
            case INT64:
                return int64(p, logical);
            default: // BINARY, FIXED_LEN_BYTE_ARRAY
                return bytes(p, logical);
        }
    }

    private static Mapping int32(PrimitiveType p, LogicalTypeAnnotation logical) throws Unsupported {
        if (logical == null) {
            return INT32;
        }
        if (logical instanceof IntLogicalTypeAnnotation) {
            IntLogicalTypeAnnotation i = (IntLogicalTypeAnnotation) logical;
            return !i.isSigned() && i.getBitWidth() == 32 ? UINT32 : INT32;
        }
        if (logical instanceof DecimalLogicalTypeAnnotation) {
            return DECIMAL_INT32;
        }
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
            return DATE;
        }
        if (logical instanceof TimeLogicalTypeAnnotation
                && ((TimeLogicalTypeAnnotation) logical).getUnit() == TimeUnit.MILLIS) {
            return INT32_MILLIS;
        }
        throw new Unsupported(describe(p));
    }

    private static Mapping int64(PrimitiveType p, LogicalTypeAnnotation logical) throws Unsupported {
        if (logical == null || logical instanceof IntLogicalTypeAnnotation) {
            return INT64;
        }
        if (logical instanceof DecimalLogicalTypeAnnotation) {
            return DECIMAL_INT64;
        }
        TimeUnit unit;
        if (logical instanceof TimestampLogicalTypeAnnotation) {
            unit = ((TimestampLogicalTypeAnnotation) logical).getUnit();
        } else if (logical instanceof TimeLogicalTypeAnnotation) {
            unit = ((TimeLogicalTypeAnnotation) logical).getUnit();
        } else {
            throw new Unsupported(describe(p));
        }
        switch (unit) {
            case MILLIS:
                return INT64_MILLIS;
            case MICROS:
                return INT64_MICROS;
            default:
                return INT64_NANOS;
        }
    }

    private static Mapping bytes(PrimitiveType p, LogicalTypeAnnotation logical) throws Unsupported {
        if (logical == null
                || logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.BsonLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
            return BYTES;
        }
        if (logical instanceof DecimalLogicalTypeAnnotation) {
            return DECIMAL_BYTES;
        }
        if (logical instanceof LogicalTypeAnnotation.Float16LogicalTypeAnnotation) {
            return FLOAT16;
        }
        // INTERVAL (months, days, millis: no fixed length in micros), GEOMETRY, GEOGRAPHY, ...
        throw new Unsupported(describe(p));
    }

    /** E.g. {@code int64 TIMESTAMP(MICROS,true)}, for messages. */
    static String describe(PrimitiveType p) {
        String physical = p.getPrimitiveTypeName().name().toLowerCase(Locale.ROOT);
        if (p.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
            physical = "fixed_len_byte_array(" + p.getTypeLength() + ")";
        }
        LogicalTypeAnnotation l = p.getLogicalTypeAnnotation();
        return l == null ? physical : physical + " " + l;
    }

    /** Scale of a DECIMAL column (0 for the others). */
    static int scale(PrimitiveType p) {
        LogicalTypeAnnotation l = p.getLogicalTypeAnnotation();
        return l instanceof DecimalLogicalTypeAnnotation ? ((DecimalLogicalTypeAnnotation) l).getScale() : 0;
    }

    // ---- value conversions -------------------------------------------------------------

    /** The nearest double of {@code unscaled / 10^scale}. */
    static double decimal(long unscaled, int scale) {
        // Both operands exact as doubles: one correctly rounded division is the nearest double.
        if (scale >= 0 && scale <= 22 && Math.abs(unscaled) <= (1L << 53)) {
            return unscaled / POW10[scale];
        }
        return BigDecimal.valueOf(unscaled, scale).doubleValue();
    }

    /** The nearest double of a big-endian two's-complement unscaled value. */
    static double decimal(Binary b, int scale) {
        byte[] bytes = b.getBytes();
        if (bytes.length == 0) {
            return 0.0;
        }
        if (bytes.length <= 8) {
            long v = bytes[0]; // sign-extended
            for (int i = 1; i < bytes.length; i++) {
                v = (v << 8) | (bytes[i] & 0xFF);
            }
            return decimal(v, scale);
        }
        return new BigDecimal(new BigInteger(bytes), scale).doubleValue();
    }

    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    /** INT96: 8 bytes nanoseconds of the day, then 4 bytes Julian day, little-endian. */
    static long int96Micros(Binary b) {
        ByteBuffer buf = b.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int at = buf.position();
        long nanosOfDay = buf.getLong(at);
        long julianDay = buf.getInt(at + 8) & 0xFFFFFFFFL;
        return (julianDay - JULIAN_EPOCH_DAY) * MICROS_PER_DAY + Math.floorDiv(nanosOfDay, 1000L);
    }

    /** IEEE 754 half precision, little-endian in 2 bytes. */
    static double float16(Binary b) {
        ByteBuffer buf = b.toByteBuffer();
        int at = buf.position();
        int bits = (buf.get(at) & 0xFF) | (buf.get(at + 1) & 0xFF) << 8;
        double sign = (bits >>> 15) != 0 ? -1.0 : 1.0;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return mant == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        }
        if (exp == 0) {
            return sign * mant * 0x1p-24; // subnormal (and signed zero)
        }
        return sign * (1 + mant / 1024.0) * Math.scalb(1.0, exp - 15);
    }
}
