package io.zdbc.format.impl;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The schema file {@code <table>.schema} (FORMAT.md, "Schema file"):
 * {@code u64 rows, u32 columnCount, columnCount × (u32 nameLength, name, u8 type)}.
 * The commit record reuses the column list encoding.
 */
final class SchemaCodec {
    /** A table's schema: its columns and row count. */
    record Schema(long rows, List<ColumnDef> columns) {
        Schema {
            columns = List.copyOf(columns);
        }
    }

    /** The largest row count whose rows × 8 bytes a file can hold (a long byte offset). */
    static final long MAX_ROWS = Long.MAX_VALUE / ColumnType.WIDTH;

    private SchemaCodec() {}

    static byte[] encode(long rows, List<ColumnDef> columns) {
        LeWriter w = new LeWriter().u64(rows);
        writeColumns(w, columns);
        return w.toByteArray();
    }

    static Schema decode(Path file, byte[] bytes) {
        LeReader r = new LeReader(file, bytes);
        long rows = rowCount(r);
        List<ColumnDef> columns = readColumns(r);
        r.expectEnd("the last column");
        return new Schema(rows, columns);
    }

    static void writeColumns(LeWriter w, List<ColumnDef> columns) {
        w.u32(columns.size());
        for (ColumnDef c : columns) {
            w.lengthPrefixedUtf8(c.name()).u8(c.type().code());
        }
    }

    /** A row count, bounded so that rows × 8 never overflows in a reader. */
    static long rowCount(LeReader r) {
        long rows = r.u64("row count");
        if (rows > MAX_ROWS) {
            throw r.corrupt("row count " + rows + " is larger than any column file can hold (" + MAX_ROWS + " rows)");
        }
        return rows;
    }

    static List<ColumnDef> readColumns(LeReader r) {
        long count = r.u32("column count");
        // Each column takes at least 5 bytes (length + type).
        if (count > r.remaining() / 5) {
            throw r.corrupt("column count " + count + " is impossible with " + r.remaining() + " bytes left");
        }
        List<ColumnDef> columns = new ArrayList<>((int) count);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String name = r.lengthPrefixedUtf8("column name #" + i);
            if (name.indexOf('\0') >= 0) {
                throw r.corrupt("column name #" + i + " contains a NUL byte, which no file name can hold");
            }
            int code = r.u8("type of column '" + name + "'");
            ColumnType type = ColumnType.fromCode(code);
            if (type == null) {
                throw r.corrupt(
                        "column '" + name + "' has unknown type byte " + code + " (expected 0=i64, 1=f64, 2=str)");
            }
            if (!seen.add(name)) {
                throw r.corrupt("column '" + name + "' is listed twice");
            }
            columns.add(new ColumnDef(name, type));
        }
        return columns;
    }
}
