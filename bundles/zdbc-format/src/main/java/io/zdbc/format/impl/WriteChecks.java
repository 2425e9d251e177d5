package io.zdbc.format.impl;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnData;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.InvalidNameException;
import io.zdbc.api.NoSuchColumnException;
import io.zdbc.api.TypeMismatchException;
import io.zdbc.api.ZdbcException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks a write passes before it changes anything (PROTOCOL.md, "Commit protocol" step 3):
 * names, collisions with another table's files, and a batch's columns against the table's.
 */
final class WriteChecks {
    private final Layout layout;
    private final FileOps fs;

    WriteChecks(Layout layout, FileOps fs) {
        this.layout = layout;
        this.fs = fs;
    }

    /** A valid table name and at least one column, each with a valid name given once. */
    static void checkNewTable(String table, List<ColumnDef> columns) {
        Layout.checkTableName(table);
        Set<String> names = new HashSet<>();
        for (ColumnDef c : columns) {
            Layout.checkColumnName(table, c.name());
            if (!names.add(c.name())) {
                throw new InvalidNameException("column", c.name(), "appears twice in table '" + table + "'");
            }
        }
        if (columns.isEmpty()) {
            throw new ZdbcException("table '" + table + "' needs at least one column");
        }
    }

    /**
     * Tables share the data directory, so a new table's files could need a directory where another
     * table has a file ({@code a.x/y} beside column {@code x} of {@code a}) or the reverse. Refused
     * before anything is written: after the commit point the legacy files could never be published
     * and every later write would fail in recovery (FORMAT.md, "Names").
     */
    void checkNoCollision(String table, List<ColumnDef> columns) {
        Path schema = layout.legacySchema(table);
        for (Path p = schema.getParent();
                p != null && p.startsWith(layout.dataDir()) && !p.equals(layout.dataDir());
                p = p.getParent()) {
            if (fs.exists(p) && !fs.isDirectory(p)) {
                throw new InvalidNameException("table", table, p + " is a file (of another table), not a directory");
            }
        }
        if (fs.isDirectory(schema)) {
            throw new InvalidNameException(
                    "table", table, "its schema file " + schema + " is a directory (of another table)");
        }
        for (ColumnDef c : columns) {
            Path f = layout.legacyColumn(table, c.name());
            if (fs.isDirectory(f)) {
                throw new InvalidNameException(
                        "column",
                        c.name(),
                        "in table '" + table + "': its file " + f + " is a directory (of another table)");
            }
        }
    }

    /** The batch's columns in the table's order, checked against the table's names and types. */
    static List<ColumnData> matchColumns(String table, List<ColumnDef> cols, Batch rows) {
        List<ColumnData> ordered = new ArrayList<>();
        for (ColumnDef def : cols) {
            ColumnData d = rows.column(def.name());
            if (d == null) {
                throw new ZdbcException(
                        "append to table '" + table + "' lacks column '" + def.name() + "'; every column needs values");
            }
            if (d.type() != def.type()) {
                throw new TypeMismatchException(table, def.name(), d.type(), def.type());
            }
            ordered.add(d);
        }
        for (ColumnData d : rows.columns()) {
            boolean known = false;
            for (ColumnDef def : cols) {
                known |= def.name().equals(d.name());
            }
            if (!known) {
                throw new NoSuchColumnException(table, d.name());
            }
        }
        return ordered;
    }
}
