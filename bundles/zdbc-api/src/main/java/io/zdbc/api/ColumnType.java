package io.zdbc.api;

import java.util.Locale;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The three column types of the ZDBC format. Every value is exactly {@link #WIDTH} bytes on disk.
 * The numeric codes are the schema file's type byte (docs/FORMAT.md, "Schema file").
 */
@ProviderType
public enum ColumnType {
    /** Signed 64-bit integer, little-endian. */
    I64(0, "i64"),
    /** IEEE-754 double, little-endian. */
    F64(1, "f64"),
    /** 8 bytes of UTF-8, right-padded with spaces; longer input is trimmed (see {@link Str8}). */
    STR(2, "str");

    /** Bytes per value for every type. */
    public static final int WIDTH = 8;

    private final int code;
    private final String label;

    ColumnType(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The type byte stored in the schema file. */
    public int code() {
        return code;
    }

    /** The name used in the CLI and in docs: {@code i64}, {@code f64} or {@code str}. */
    public String label() {
        return label;
    }

    /** The type for a schema type byte, or {@code null} if the byte names no type. */
    public static ColumnType fromCode(int code) {
        for (ColumnType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** Parses {@code i64}, {@code f64} or {@code str} (case-insensitive). */
    public static ColumnType parse(String label) {
        String l = label.trim().toLowerCase(Locale.ROOT);
        for (ColumnType t : values()) {
            if (t.label.equals(l)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown column type '" + label + "' (expected i64, f64 or str)");
    }

    @Override
    public String toString() {
        return label;
    }
}
