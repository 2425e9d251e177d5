package io.zdbc.format.impl;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.InvalidNameException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where every file of a database lives (docs/FORMAT.md, "Files"). All paths are derived here and
 * every name is validated before it becomes a path, so no table or column name can reach outside
 * the data directory.
 */
final class Layout {
    /** Suffix of the data directory: registry {@code <db>}, data in {@code <db>dir/}. */
    static final String DATA_DIR_SUFFIX = "dir";
    /** Legacy schema file suffix: {@code <table>.schema}. */
    static final String SCHEMA_SUFFIX = ".schema";
    /** zdbc's own files, ignored by the original library (FORMAT.md, "Files"). */
    static final String ZDBC_DIR = ".zdbc";

    static final String TABLES_DIR = "t";
    static final String LOCK_FILE = "lock";
    static final String INTENT_FILE = "intent";
    static final String COMMIT_FILE = "commit";
    static final String CHANGES_FILE = "changes";
    /** Suffix of files being written; never part of a committed state. */
    static final String TMP_SUFFIX = ".zdbc-tmp";
    /** File names are at most this many bytes on the file systems we target. */
    static final int MAX_FILE_NAME_BYTES = 255;
    /** Generations are positive longs, so their hex form has at most 16 digits. */
    static final int MAX_GENERATION_HEX_DIGITS = 16;

    private final Path registry;
    private final Path dataDir;
    private final Path zdbcDir;

    Layout(Path registry) {
        this.registry = registry.toAbsolutePath().normalize();
        Path name = this.registry.getFileName();
        if (name == null) {
            throw new InvalidNameException("database", registry.toString(), "a registry file path is required");
        }
        this.dataDir = this.registry.resolveSibling(name + DATA_DIR_SUFFIX);
        this.zdbcDir = dataDir.resolve(ZDBC_DIR);
    }

    Path registry() {
        return registry;
    }

    Path dataDir() {
        return dataDir;
    }

    Path zdbcDir() {
        return zdbcDir;
    }

    Path tablesDir() {
        return zdbcDir.resolve(TABLES_DIR);
    }

    Path lockFile() {
        return zdbcDir.resolve(LOCK_FILE);
    }

    Path changesFile() {
        return zdbcDir.resolve(CHANGES_FILE);
    }

    Path intentFile() {
        return zdbcDir.resolve(INTENT_FILE);
    }

    /** {@code <db>dir/<table>.schema}: the original library's schema file. */
    Path legacySchema(String table) {
        return dataDir.resolve(table + SCHEMA_SUFFIX);
    }

    /** {@code <db>dir/<table>.<column>}: the original library's column file. */
    Path legacyColumn(String table, String column) {
        return dataDir.resolve(table + "." + column);
    }

    /** {@code <db>dir/.zdbc/t/<escaped table>/}: one flat directory per table. */
    Path tableDir(String table) {
        return tablesDir().resolve(escape(table));
    }

    Path commitFile(String table) {
        return tableDir(table).resolve(COMMIT_FILE);
    }

    /** {@code <gen>.<column>} in the table directory: generation {@code gen}'s data for a column. */
    Path dataFile(String table, long generation, String column) {
        return tableDir(table).resolve(Long.toUnsignedString(generation, 16) + "." + column);
    }

    /** The {@code <gen>.<column>} files of generation {@code gen}, in the order of {@code columns}. */
    List<Path> dataFiles(String table, long generation, List<ColumnDef> columns) {
        List<Path> files = new ArrayList<>(columns.size());
        for (ColumnDef col : columns) {
            files.add(dataFile(table, generation, col.name()));
        }
        return files;
    }

    static Path tmp(Path file) {
        return file.resolveSibling(file.getFileName() + TMP_SUFFIX);
    }

    /**
     * Escapes a table name into one directory name: {@code %} and {@code /} become {@code %25}
     * and {@code %2F}. Injective, so two tables never share a directory.
     */
    static String escape(String table) {
        return table.replace("%", "%25").replace("/", "%2F");
    }

    static String unescape(String dirName) {
        return dirName.replace("%2F", "/").replace("%25", "%");
    }

    /**
     * A table name: non-empty, '/'-separated segments that are neither empty, "." nor "..", no
     * NUL or backslash, not absolute, not under the reserved {@code .zdbc} directory, every
     * resulting file name short enough.
     */
    static void checkTableName(String table) {
        if (table == null || table.isEmpty()) {
            throw new InvalidNameException("table", table, "empty");
        }
        if (table.indexOf('\0') >= 0) {
            throw new InvalidNameException("table", table, "contains a NUL character");
        }
        if (table.indexOf('\\') >= 0) {
            throw new InvalidNameException("table", table, "contains a backslash (use '/' for sub-directories)");
        }
        if (table.startsWith("/")) {
            throw new InvalidNameException(
                    "table", table, "is absolute; table names are relative to the data directory");
        }
        if (table.length() >= 2 && table.charAt(1) == ':') {
            throw new InvalidNameException("table", table, "looks like a drive path");
        }
        String[] segments = table.split("/", -1);
        for (String s : segments) {
            if (s.isEmpty()) {
                throw new InvalidNameException("table", table, "has an empty path segment");
            }
            if (s.equals(".") || s.equals("..")) {
                throw new InvalidNameException(
                        "table", table, "has a '" + s + "' segment, which would leave its directory");
            }
            // The longest file named after a segment is the schema's temporary "<segment>.schema.zdbc-tmp".
            if (utf8Length(s) + SCHEMA_SUFFIX.length() + TMP_SUFFIX.length() > MAX_FILE_NAME_BYTES) {
                throw new InvalidNameException("table", table, "segment '" + s + "' is too long for a file name");
            }
        }
        if (segments[0].equals(ZDBC_DIR)) {
            throw new InvalidNameException("table", table, "'" + ZDBC_DIR + "' is reserved for zdbc's own files");
        }
        if (utf8Length(escape(table)) > MAX_FILE_NAME_BYTES) {
            throw new InvalidNameException("table", table, "is too long");
        }
    }

    /**
     * A column name for a new table: non-empty, no '/', NUL or '.', not "schema" nor "zdbc-tmp". The '.' rule
     * keeps {@code <table>.<column>} unambiguous between tables (FORMAT.md, "Names").
     */
    static void checkColumnName(String table, String column) {
        String where = "in table '" + table + "': ";
        if (column == null || column.isEmpty()) {
            throw new InvalidNameException("column", column, where + "empty");
        }
        if (column.indexOf('\0') >= 0) {
            throw new InvalidNameException("column", column, where + "contains a NUL character");
        }
        if (column.indexOf('/') >= 0 || column.indexOf('\\') >= 0) {
            throw new InvalidNameException("column", column, where + "contains a path separator");
        }
        if (column.indexOf('.') >= 0) {
            throw new InvalidNameException(
                    "column", column, where + "contains '.', which would make file <table>.<column> ambiguous");
        }
        if (column.equals("schema")) {
            throw new InvalidNameException("column", column, where + "'schema' would collide with the schema file");
        }
        if (column.equals(TMP_SUFFIX.substring(1))) {
            throw new InvalidNameException(
                    "column",
                    column,
                    where + "'zdbc-tmp' is reserved: <table>.<column>.zdbc-tmp names zdbc's temporary files");
        }
        String lastSegment = table.substring(table.lastIndexOf('/') + 1);
        // Longest files named after a column: "<segment>.<column>.zdbc-tmp" and "<generation hex>.<column>".
        if (utf8Length(lastSegment) + 1 + utf8Length(column) + TMP_SUFFIX.length() > MAX_FILE_NAME_BYTES
                || MAX_GENERATION_HEX_DIGITS + 1 + utf8Length(column) > MAX_FILE_NAME_BYTES) {
            throw new InvalidNameException("column", column, where + "too long for a file name");
        }
    }

    /** Checks that a path built from names stays inside the data directory (defence in depth). */
    void checkInside(Path p, String table) {
        if (!p.normalize().startsWith(dataDir)) {
            throw new InvalidNameException("table", table, "resolves outside the data directory");
        }
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
