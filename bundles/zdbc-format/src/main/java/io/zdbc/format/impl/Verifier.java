package io.zdbc.format.impl;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.VerifyReport;
import io.zdbc.api.ZdbcException;
import io.zdbc.format.impl.CommitCodec.Commit;
import io.zdbc.format.impl.SchemaCodec.Schema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks every table against its schema, its column files and its commit record (PROTOCOL.md, "Invariants"). */
final class Verifier {
    private final Layout layout;
    private final FileOps fs;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Verifier(Layout layout, FileOps fs) {
        this.layout = layout;
        this.fs = fs;
    }

    VerifyReport run() {
        List<String> tables;
        try {
            tables = RegistryCodec.decode(layout.registry(), fs.readAll(layout.registry()));
        } catch (ZdbcException | IOException e) {
            problems.add("registry: " + e.getMessage());
            return new VerifyReport(0, problems, notes);
        }
        if (fs.exists(layout.intentFile())) {
            notes.add("an interrupted write is pending; the next writer recovers it (" + layout.intentFile() + ")");
        }
        Set<String> dirs = new HashSet<>();
        for (String t : tables) {
            dirs.add(Layout.escape(t));
            try {
                Layout.checkTableName(t);
                checkTable(t);
            } catch (ZdbcException | IOException e) {
                problems.add("table '" + t + "': " + e.getMessage());
            }
        }
        try {
            for (Path d : fs.list(layout.tablesDir())) {
                if (!dirs.contains(d.getFileName().toString())) {
                    problems.add("table directory " + d + " belongs to no registered table");
                }
            }
        } catch (IOException e) {
            problems.add(layout.tablesDir() + ": " + e.getMessage());
        }
        return new VerifyReport(tables.size(), problems, notes);
    }

    private void checkTable(String t) throws IOException {
        Path commitFile = layout.commitFile(t);
        Commit c = fs.exists(commitFile) ? CommitCodec.decode(commitFile, fs.readAll(commitFile)) : null;
        Path schemaFile = layout.legacySchema(t);
        Schema legacy = fs.exists(schemaFile) ? SchemaCodec.decode(schemaFile, fs.readAll(schemaFile)) : null;
        if (c == null) {
            if (legacy == null) {
                // Also what a power loss in FAST mode leaves of a create or drop whose registry alone landed.
                notes.add("table '" + t + "' is declared but has no schema file yet (empty, as the original "
                        + "library's create_table leaves it, or a create or drop of it cut short by a power loss"
                        + " in FAST mode)");
                return;
            }
            for (ColumnDef col : legacy.columns()) {
                checkSize(t, col, layout.legacyColumn(t, col.name()), legacy.rows());
            }
            return;
        }
        if (c.pendingCreate()) {
            notes.add("table '" + t + "': creation not finalized; the next writer finishes it");
        }
        int copies = 0;
        for (int i = 0; i < c.columns().size(); i++) {
            ColumnDef col = c.columns().get(i);
            Path data = layout.dataFile(t, c.generation(), col.name());
            if (checkSize(t, col, data, c.rows()) && c.sums() != null) {
                checkSum(t, data, c.rows(), c.sums().get(i));
            }
            Path legacyCol = layout.legacyColumn(t, col.name());
            if (!fs.exists(legacyCol)) {
                problems.add("table '" + t + "': column file " + legacyCol + " is missing");
            } else if (fs.exists(data) && !fs.isSameFile(legacyCol, data)) {
                if (isCopyOf(legacyCol, data, c.rows())) {
                    copies++;
                } else {
                    problems.add("table '" + t + "': " + legacyCol + " is not the committed data of column '"
                            + col.name() + "' (changed outside zdbc?)");
                }
            }
        }
        if (copies > 0) {
            notes.add("table '" + t + "': " + copies + " of its " + c.columns().size() + " column files no longer share"
                    + " files with their generation files (a copy?); the table's next write links them again");
        }
        if (legacy == null) {
            problems.add("table '" + t + "': schema file " + schemaFile + " is missing");
        } else if (legacy.rows() != c.rows() || !legacy.columns().equals(c.columns())) {
            problems.add("table '" + t + "': schema file says " + legacy.rows() + " rows " + legacy.columns()
                    + " but the commit record says " + c.rows() + " rows " + c.columns());
        }
    }

    /**
     * A legacy name that is its own file holding exactly the committed bytes: what copying the
     * database with tools that do not keep hard links (cp -r, rsync without -H, zip) leaves.
     */
    private boolean isCopyOf(Path legacyCol, Path data, long rows) throws IOException {
        long bytes = rows * ColumnType.WIDTH;
        return fs.size(legacyCol) == bytes && fs.samePrefix(legacyCol, data, bytes);
    }

    /**
     * A version 2 record's checksum of the committed bytes: in FAST mode a power loss can keep the
     * record and lose the data it names, which the sizes alone do not show (zeros, or older bytes).
     */
    private void checkSum(String t, Path data, long rows, int sum) throws IOException {
        if (fs.crc32(data, 0, rows * ColumnType.WIDTH) != sum) {
            problems.add(data + " does not match the checksum in the commit record of table '" + t
                    + "' (data lost after a power loss, or changed outside zdbc)");
        }
    }

    /** Reports a missing or short file, or bytes past the committed rows; returns whether the file holds the rows. */
    private boolean checkSize(String t, ColumnDef col, Path f, long rows) throws IOException {
        if (!fs.exists(f)) {
            problems.add("table '" + t + "': column file " + f + " of column '" + col.name() + "' is missing");
            return false;
        }
        long expected = rows * ColumnType.WIDTH;
        long size = fs.size(f);
        if (size < expected) {
            problems.add("table '" + t + "': column file " + f + " has " + size + " bytes, the schema says " + rows
                    + " rows × 8 = " + expected);
            return false;
        } else if (size > expected) {
            problems.add("table '" + t + "': column file " + f + " has " + (size - expected)
                    + " bytes past the committed " + rows + " rows");
        }
        return true;
    }
}
