package io.zdbc.api;

import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One column's values for a write or an append, held on the heap: a {@code long[]}, a
 * {@code double[]}, or the packed 8-byte form of {@code str} values ({@code rows * 8} bytes).
 * Arrays are taken as they are, not copied: don't change them until the write returns.
 */
@ProviderType
public final class ColumnData {
    private final ColumnDef def;
    private final Object values;
    private final int rows;
    private final int trimmed;

    private ColumnData(ColumnDef def, Object values, int rows, int trimmed) {
        this.def = def;
        this.values = values;
        this.rows = rows;
        this.trimmed = trimmed;
    }

    public static ColumnData ofLongs(String name, long[] values) {
        return new ColumnData(ColumnDef.of(name, ColumnType.I64), Objects.requireNonNull(values), values.length, 0);
    }

    public static ColumnData ofDoubles(String name, double[] values) {
        return new ColumnData(ColumnDef.of(name, ColumnType.F64), Objects.requireNonNull(values), values.length, 0);
    }

    /** Strings are encoded now (trimmed to 8 UTF-8 bytes, space-padded); {@link #trimmed()} counts trims. */
    public static ColumnData ofStrings(String name, String[] values) {
        byte[] packed = new byte[Math.multiplyExact(values.length, Str8.WIDTH)];
        int trimmed = 0;
        for (int i = 0; i < values.length; i++) {
            String v = values[i] == null ? "" : values[i];
            if (Str8.encode(v, packed, i * Str8.WIDTH)) {
                trimmed++;
            }
        }
        return new ColumnData(ColumnDef.of(name, ColumnType.STR), packed, values.length, trimmed);
    }

    /** Already packed {@code str} values: {@code 8 * rows} bytes, each value space-padded. */
    public static ColumnData ofPackedStrings(String name, byte[] packed) {
        if (packed.length % Str8.WIDTH != 0) {
            throw new IllegalArgumentException("packed str column '" + name + "' has " + packed.length
                    + " bytes, not a multiple of " + Str8.WIDTH);
        }
        return new ColumnData(ColumnDef.of(name, ColumnType.STR), packed, packed.length / Str8.WIDTH, 0);
    }

    public String name() {
        return def.name();
    }

    public ColumnType type() {
        return def.type();
    }

    public ColumnDef def() {
        return def;
    }

    public int rows() {
        return rows;
    }

    /** How many {@code str} inputs were longer than 8 bytes and were trimmed. */
    public int trimmed() {
        return trimmed;
    }

    /** The {@code long[]} of an i64 column. */
    public long[] longs() {
        return (long[]) values;
    }

    /** The {@code double[]} of an f64 column. */
    public double[] doubles() {
        return (double[]) values;
    }

    /** The packed bytes of a str column. */
    public byte[] packedStrings() {
        return (byte[]) values;
    }
}
