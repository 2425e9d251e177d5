package io.zdbc.format.impl;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.format.impl.CommitCodec.Commit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes, cuts back and deletes a table's files for the commit protocol (FORMAT.md, "Commit
 * protocol", "Recovery"); in durable mode each new or removed directory entry is made durable
 * where the protocol's order needs it.
 */
final class TableFiles {
    private final Layout layout;
    private final FileOps fs;
    private final boolean durable;

    TableFiles(Layout layout, FileOps fs, boolean durable) {
        this.layout = layout;
        this.fs = fs;
        this.durable = durable;
    }

    /** Writes the commit record atomically; a table's first record also makes its directory durable in {@code .zdbc/t}. */
    void writeCommit(String table, Commit c, boolean firstInDir) throws IOException {
        fs.writeAtomically(layout.commitFile(table), CommitCodec.encode(c), durable);
        if (firstInDir && durable) {
            fs.fsyncDirectory(layout.tablesDir());
        }
    }

    /**
     * Writes the first commit record of a table the original library wrote (its adoption, or a
     * replace) durably in either mode, with every directory entry on its path. FAST syncs nothing
     * else, but without a record on disk a power cut could leave the schema's new row count over
     * rows that never landed, read through the original library's files, which have no checksum;
     * with one, readers and {@code verify} go by the record and its column sums.
     */
    void writeFirstCommitOfLegacyTable(String table, Commit c) throws IOException {
        fs.writeAtomically(layout.commitFile(table), CommitCodec.encode(c), true);
        fs.fsyncDirectory(layout.tablesDir());
        fs.fsyncDirectory(layout.zdbcDir());
        fs.fsyncDirectory(layout.dataDir());
    }

    /** Cuts each file longer than {@code rows × 8} back to that length: the bytes past it belong to an append nobody committed. */
    void cutBack(List<Path> files, long rows) throws IOException {
        long bytes = Math.multiplyExact(rows, (long) ColumnType.WIDTH);
        for (Path f : files) {
            if (fs.size(f) > bytes) {
                fs.truncate(f, bytes);
            }
        }
    }

    /** Removes every file of the table directory the commit does not name (old generations, temporaries). */
    void deleteUnreferenced(String table, Commit c) throws IOException {
        Set<Path> keep = new HashSet<>(layout.dataFiles(table, c.generation(), c.columns()));
        keep.add(layout.commitFile(table));
        for (Path p : fs.list(layout.tableDir(table))) {
            if (!keep.contains(p)) {
                fs.deleteIfExists(p);
            }
        }
    }

    /** Deletes every file of a table: the given legacy columns, its schema and its table directory. */
    void deleteTable(String table, List<String> legacyColumns) throws IOException {
        for (String col : legacyColumns) {
            fs.deleteIfExists(layout.legacyColumn(table, col));
        }
        fs.deleteIfExists(layout.legacySchema(table));
        deleteTableDirectory(table);
        if (durable) {
            // The intent's removal may reach the disk first: a directory or legacy file that came
            // back after power loss would belong to no table, and nobody would delete it.
            fs.fsyncDirectory(layout.tablesDir());
            Path legacyDir = layout.legacySchema(table).getParent();
            if (fs.isDirectory(legacyDir)) {
                fs.fsyncDirectory(legacyDir);
            }
        }
    }

    /** Empties the table's directory under {@code .zdbc/t} and deletes it; its files are all flat, so one level suffices. */
    void deleteTableDirectory(String table) throws IOException {
        Path dir = layout.tableDir(table);
        for (Path p : fs.list(dir)) {
            fs.deleteIfExists(p);
        }
        fs.deleteIfExists(dir);
    }

    /** Creates missing directories; in durable mode each new entry is fsync'ed in its parent. */
    void createDirectories(Path dir) throws IOException {
        ArrayDeque<Path> missing = new ArrayDeque<>();
        for (Path p = dir; p != null && !fs.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        fs.createDirectories(dir);
        if (durable) {
            for (Path p : missing) {
                fs.fsyncDirectory(p.getParent());
            }
        }
    }

    static List<String> columnNames(List<ColumnDef> cols) {
        List<String> names = new ArrayList<>(cols.size());
        for (ColumnDef c : cols) {
            names.add(c.name());
        }
        return names;
    }
}
