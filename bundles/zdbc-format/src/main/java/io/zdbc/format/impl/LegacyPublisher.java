package io.zdbc.format.impl;

import io.zdbc.api.ColumnDef;
import io.zdbc.format.impl.CommitCodec.Commit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes the original library's files show a commit (PROTOCOL.md, "Commit protocol", "Publish"):
 * {@code <table>.<column>} as hard links of the generation files and {@code <table>.schema}
 * rewritten, so that library keeps reading every table zdbc writes.
 */
final class LegacyPublisher {
    private final Layout layout;
    private final FileOps fs;
    private final TableFiles files;
    private final boolean durable;

    LegacyPublisher(Layout layout, FileOps fs, TableFiles files, boolean durable) {
        this.layout = layout;
        this.fs = fs;
        this.files = files;
        this.durable = durable;
    }

    /** Points {@code <table>.<column>} at the commit's generation files and rewrites {@code <table>.schema}. */
    void publish(String table, Commit c, List<String> previousColumns) throws IOException {
        Path schema = layout.legacySchema(table);
        layout.checkInside(schema, table);
        files.createDirectories(schema.getParent());
        linkColumns(table, c);
        // Schema last, so the original library sees new columns only with the new schema.
        byte[] expected = SchemaCodec.encode(c.rows(), c.columns());
        if (!fs.exists(schema) || !Arrays.equals(fs.readAll(schema), expected)) {
            fs.writeAtomically(schema, expected, durable);
        }
        Set<String> current = new HashSet<>(TableFiles.columnNames(c.columns()));
        for (String old : previousColumns) {
            if (!current.contains(old)) {
                fs.deleteIfExists(layout.legacyColumn(table, old));
            }
        }
        if (durable) {
            fs.fsyncDirectory(schema.getParent());
        }
    }

    /**
     * Makes each {@code <table>.<column>} a hard link of the commit's generation file, unless it
     * already is one. A database copied without its hard links (cp -r, zip) has them as separate
     * files, which an append must link again before it grows the generation file in place.
     * Returns whether it linked any.
     */
    boolean linkColumns(String table, Commit c) throws IOException {
        boolean linked = false;
        for (ColumnDef col : c.columns()) {
            Path legacy = layout.legacyColumn(table, col.name());
            Path data = layout.dataFile(table, c.generation(), col.name());
            if (fs.exists(legacy) && fs.isSameFile(legacy, data)) {
                continue;
            }
            layout.checkInside(legacy, table);
            files.createDirectories(legacy.getParent());
            if (durable) {
                Path tmp = Layout.tmp(legacy);
                fs.deleteIfExists(tmp);
                fs.link(tmp, data);
                fs.rename(tmp, legacy);
            } else {
                // FAST: a rename over an existing name makes ext4 (auto_da_alloc) flush the new file
                // at once, which costs more than the write itself. Our readers never open legacy
                // names, so only an original-library reader running meanwhile could notice the gap.
                fs.deleteIfExists(legacy);
                fs.link(legacy, data);
            }
            linked = true;
        }
        return linked;
    }

    /**
     * An append changes only the schema file's first 8 bytes (the row count): write them in place
     * rather than replacing the file, which costs a create, a rename and on ext4 a flush. A torn or
     * missing schema is rebuilt from the commit record by recovery or the next publish.
     */
    void updateRowCount(String table, Commit c) throws IOException {
        Path schema = layout.legacySchema(table);
        byte[] expected = SchemaCodec.encode(c.rows(), c.columns());
        if (!fs.exists(schema) || fs.size(schema) != expected.length) {
            fs.writeAtomically(schema, expected, durable);
            return;
        }
        try (FileChannel ch = fs.openForWrite(schema, false)) {
            fs.write(ch, ByteBuffer.wrap(expected, 0, 8));
            if (durable) {
                fs.force(ch);
            }
        }
    }
}
