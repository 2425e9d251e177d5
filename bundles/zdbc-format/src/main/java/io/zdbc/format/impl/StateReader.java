package io.zdbc.format.impl;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.CorruptDatabaseException;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.TableInfo;
import io.zdbc.api.ZdbcException;
import io.zdbc.format.impl.ColumnFileCheck.Promise;
import io.zdbc.format.impl.CommitCodec.Commit;
import io.zdbc.format.impl.SchemaCodec.Schema;
import io.zdbc.spi.TableState;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The read path (PROTOCOL.md, "Readers"): a table's committed state from its commit record, or from
 * the original library's files when it has none, taken without a lock and so retried while a
 * writer moves on underneath. Writers read the registry, records and schemas through it too.
 */
final class StateReader {
    /** Re-reads of a table that keeps changing under a reader before giving up, so no reader spins forever. */
    private static final int MAX_STATE_ATTEMPTS = 100;

    private final Layout layout;
    private final FileOps fs;

    StateReader(Layout layout, FileOps fs) {
        this.layout = layout;
        this.fs = fs;
    }

    Layout layout() {
        return layout;
    }

    FileOps fileOps() {
        return fs;
    }

    /** The table's committed state, its column files checked to hold its rows (PROTOCOL.md, "Readers" steps 1–2). */
    TableState state(String table) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Commit c = readCommitOfRegistered(table);
            TableState s = c != null ? committedState(table, c) : legacyState(table);
            if (s == null) {
                continue; // created by another process between our two looks: read its commit
            }
            CorruptDatabaseException bad = ColumnFileCheck.firstProblem(
                    fs,
                    table,
                    s.columns(),
                    s.columnFiles(),
                    s.rows(),
                    c != null ? Promise.COMMIT_RECORD : Promise.SCHEMA);
            if (bad == null) {
                return s;
            }
            // A writer may have moved on meanwhile: a commit deletes the previous generation, and
            // adopting a legacy table grows its files after writing the first commit record.
            if (Objects.equals(readCommit(table), c)) {
                throw bad;
            }
            if (attempt >= MAX_STATE_ATTEMPTS) {
                throw new ZdbcException(
                        "table '" + table + "' kept changing while it was read (" + bad.getMessage() + ")");
            }
            Thread.onSpinWait();
        }
    }

    private TableState committedState(String table, Commit c) throws IOException {
        // The registry decides existence: a create commits by adding the name, a drop by
        // removing it, and the commit record outlives a drop until its files are deleted.
        if (!readRegistry().contains(table)) {
            throw new NoSuchTableException(table);
        }
        return new TableState(
                new TableInfo(table, c.columns(), c.rows(), c.version()),
                layout.dataFiles(table, c.generation(), c.columns()));
    }

    /**
     * A table written by the original library (no commit record yet), or null if a commit record
     * has appeared since the caller looked: another process created the table between the two
     * looks, and its legacy schema may not be published yet.
     */
    private TableState legacyState(String table) throws IOException {
        if (!readRegistry().contains(table)) {
            throw new NoSuchTableException(table);
        }
        if (fs.exists(layout.commitFile(table))) {
            return null;
        }
        Schema s = readLegacySchema(table);
        return new TableState(new TableInfo(table, s.columns(), s.rows(), 0), legacyColumns(table, s.columns()));
    }

    /** The original library's {@code <table>.<column>} files, each checked to stay inside the data directory. */
    List<Path> legacyColumns(String table, List<ColumnDef> columns) {
        List<Path> files = new ArrayList<>(columns.size());
        for (ColumnDef col : columns) {
            Path f = layout.legacyColumn(table, col.name());
            layout.checkInside(f, table);
            files.add(f);
        }
        return files;
    }

    /**
     * The table's commit record; a damaged one of a table the registry does not list is no table
     * (a create whose registry write a power loss in FAST mode lost, or a drop's leftover).
     */
    private Commit readCommitOfRegistered(String table) throws IOException {
        try {
            return readCommit(table);
        } catch (CorruptDatabaseException e) {
            if (!readRegistry().contains(table)) {
                throw new NoSuchTableException(table);
            }
            throw e;
        }
    }

    /** The table's commit record, or null if it has none (yet, or any more). */
    Commit readCommit(String table) throws IOException {
        Path f = layout.commitFile(table);
        byte[] b;
        try {
            b = fs.readAll(f);
        } catch (NoSuchFileException e) {
            return null;
        }
        return CommitCodec.decode(f, b);
    }

    Schema readLegacySchema(String table) throws IOException {
        Path f = layout.legacySchema(table);
        layout.checkInside(f, table);
        try {
            return SchemaCodec.decode(f, fs.readAll(f));
        } catch (NoSuchFileException e) {
            // The original library's create_table registers a name before any schema exists; such a
            // table is declared but empty (PROTOCOL.md, "Interoperability notes").
            return new Schema(0, List.of());
        }
    }

    /** The columns of the commit {@code c}, or of the legacy schema when the table has no commit record yet. */
    List<ColumnDef> columnsOf(String table, Commit c) throws IOException {
        return c != null ? c.columns() : readLegacySchema(table).columns();
    }

    List<String> readRegistry() throws IOException {
        try {
            return RegistryCodec.decode(layout.registry(), fs.readAll(layout.registry()));
        } catch (NoSuchFileException e) {
            throw new ZdbcException("no database at " + layout.registry() + " (registry file not found)");
        }
    }
}
