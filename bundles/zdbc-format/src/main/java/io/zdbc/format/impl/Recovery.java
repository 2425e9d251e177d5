package io.zdbc.format.impl;

import io.zdbc.api.CorruptDatabaseException;
import io.zdbc.api.InvalidNameException;
import io.zdbc.format.impl.ColumnFileCheck.Promise;
import io.zdbc.format.impl.CommitCodec.Commit;
import io.zdbc.format.impl.IntentCodec.Intent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finishes or undoes the change of a writer that died, as the intent file it left describes
 * (PROTOCOL.md, "Recovery"). Runs under the write lock before every write, and again at once when
 * a write's own input fails; it is idempotent, so an interrupted recovery is simply run again.
 */
final class Recovery {
    private final Layout layout;
    private final FileOps fs;
    private final StateReader reader;
    private final TableFiles files;
    private final LegacyPublisher publisher;

    Recovery(Layout layout, FileOps fs, StateReader reader, TableFiles files, LegacyPublisher publisher) {
        this.layout = layout;
        this.fs = fs;
        this.reader = reader;
        this.files = files;
        this.publisher = publisher;
    }

    /** Recovers the table an intent file names, or every table if the intent is torn; does nothing without one. */
    void recoverPending() throws IOException {
        Path intentFile = layout.intentFile();
        if (!fs.exists(intentFile)) {
            return;
        }
        Intent intent = IntentCodec.decodeOrNull(intentFile, fs.readAll(intentFile));
        if (intent == null) {
            recoverAll(); // a torn intent (power loss in fast mode): check every table
        } else {
            recoverTable(intent.table(), intent.previousColumns(), reader.readRegistry());
        }
        // A registry write the dead writer did not finish: its temporary sits beside the registry.
        fs.deleteIfExists(Layout.tmp(layout.registry()));
        fs.deleteIfExists(intentFile);
    }

    private void recoverAll() throws IOException {
        List<String> registry = reader.readRegistry();
        Set<String> seen = new HashSet<>();
        for (String t : registry) {
            seen.add(t);
            try {
                Layout.checkTableName(t);
            } catch (InvalidNameException e) {
                continue; // a registry torn in FAST mode can list garbage; no file of it exists, verify reports it
            }
            if (fs.exists(layout.tableDir(t))) {
                recoverTable(t, List.of(), registry);
            }
        }
        for (Path dir : fs.list(layout.tablesDir())) {
            String t = Layout.unescape(dir.getFileName().toString());
            if (!seen.contains(t)) {
                recoverTable(t, List.of(), registry);
            }
        }
    }

    private void recoverTable(String table, List<String> previousColumns, List<String> registry) throws IOException {
        Layout.checkTableName(table);
        Commit c;
        try {
            c = reader.readCommit(table);
        } catch (CorruptDatabaseException e) {
            // Only after a power loss in FAST mode. A registered table keeps it, named by readers and verify:
            // its data may be lost as well, and the original library's files may count rows that never landed.
            if (registry.contains(table)) {
                return;
            }
            c = null;
        }
        if (!registry.contains(table)) {
            // A create that never reached the registry, or a drop that did: nothing of it may remain.
            Set<String> cols = new LinkedHashSet<>(previousColumns);
            if (c != null) {
                cols.addAll(TableFiles.columnNames(c.columns()));
            }
            files.deleteTable(table, new ArrayList<>(cols));
            return;
        }
        if (c == null) {
            // Still the original library's table: drop whatever a replace or adoption left half-made.
            files.deleteTableDirectory(table);
            return;
        }
        List<Path> generation = layout.dataFiles(table, c.generation(), c.columns());
        if (ColumnFileCheck.firstProblem(fs, table, c.columns(), generation, c.rows(), Promise.COMMIT_RECORD) != null) {
            // Committed data is lost (power loss in FAST mode, or damage): recovery cannot bring
            // it back, and refusing would stop every writer of the database, a drop of this table
            // included. Readers and verify() name the file.
            return;
        }
        if (c.pendingCreate()) {
            // After the check above: a version 1 record gets the sums of its files, which hold its rows.
            c = ColumnSums.withSums(fs, layout, table, c).withFlags(0);
            files.writeCommit(table, c, false);
        }
        files.cutBack(generation, c.rows()); // an append that was never committed
        files.deleteUnreferenced(table, c);
        publisher.publish(table, c, previousColumns);
    }
}
