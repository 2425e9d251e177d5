package io.zdbc.format.impl;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnData;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.CorruptDatabaseException;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.TableExistsException;
import io.zdbc.format.impl.ColumnFileCheck.Promise;
import io.zdbc.format.impl.CommitCodec.Commit;
import io.zdbc.format.impl.IntentCodec.Intent;
import io.zdbc.format.impl.SchemaCodec.Schema;
import io.zdbc.spi.ColumnIO;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The steps of each write between intent and commit point and after (PROTOCOL.md, "Commit protocol"
 * 4.1–4.4, "Streaming writes"). The caller holds the write lock and has recovered; each method
 * writes its intent, changes files in the protocol's order and removes the intent.
 */
final class CommitWriter {
    private final Layout layout;
    private final FileOps fs;
    private final ColumnIO io;
    private final boolean durable;
    private final StateReader reader;
    private final TableFiles files;
    private final LegacyPublisher publisher;
    private final WriteChecks checks;
    private final Recovery recovery;

    CommitWriter(
            Layout layout,
            FileOps fs,
            ColumnIO io,
            boolean durable,
            StateReader reader,
            TableFiles files,
            LegacyPublisher publisher,
            Recovery recovery) {
        this.layout = layout;
        this.fs = fs;
        this.io = io;
        this.durable = durable;
        this.reader = reader;
        this.files = files;
        this.publisher = publisher;
        this.checks = new WriteChecks(layout, fs);
        this.recovery = recovery;
    }

    /** 4.1: an empty table; the caller has checked the names. */
    void create(String table, List<ColumnDef> columns) throws IOException {
        if (reader.readRegistry().contains(table)) {
            throw new TableExistsException(table);
        }
        checks.checkNoCollision(table, columns);
        beginIntent(table, List.of());
        writeNewGeneration(table, columns, Collections.emptyIterator(), null, true, List.of());
        endIntent();
    }

    /** 4.1 or 4.2: the table's new contents, streamed from {@code batches}; the caller has checked the names. */
    void replace(String table, List<ColumnDef> columns, Iterator<Batch> batches) throws IOException {
        abandonOnFailure(() -> {
            boolean exists = reader.readRegistry().contains(table);
            Commit prev = exists ? reader.readCommit(table) : null;
            List<String> prevColumns = exists ? TableFiles.columnNames(reader.columnsOf(table, prev)) : List.of();
            checks.checkNoCollision(table, columns);
            beginIntent(table, prevColumns);
            writeNewGeneration(table, columns, batches, prev, !exists, prevColumns);
            endIntent();
        });
    }

    /** 4.3: rows past the committed ones, adopting a table of the original library first. */
    void append(String table, Iterator<Batch> batches) throws IOException {
        abandonOnFailure(() -> {
            if (!reader.readRegistry().contains(table)) {
                throw new NoSuchTableException(table);
            }
            Commit c = reader.readCommit(table);
            List<ColumnDef> cols = reader.columnsOf(table, c);
            if (!batches.hasNext()) {
                return;
            }
            if (c != null) {
                // Before the intent: a refused append changes nothing.
                ColumnFileCheck.require(
                        fs,
                        table,
                        c.columns(),
                        layout.dataFiles(table, c.generation(), c.columns()),
                        c.rows(),
                        Promise.COMMITTED_APPEND);
            }
            beginIntent(table, TableFiles.columnNames(cols));
            if (c == null) {
                c = adoptLegacy(table);
            }
            appendRows(table, c, batches);
            endIntent();
        });
    }

    /** 4.4: the registry without the table is the commit point; its files go after. */
    void drop(String table) throws IOException {
        List<String> registry = reader.readRegistry();
        if (!registry.contains(table)) {
            throw new NoSuchTableException(table);
        }
        List<String> cols = columnsToDrop(table);
        beginIntent(table, cols);
        List<String> remaining = new ArrayList<>(registry);
        remaining.remove(table);
        fs.writeAtomically(layout.registry(), RegistryCodec.encode(remaining), durable); // commit point
        files.deleteTable(table, cols);
        endIntent();
    }

    /**
     * Runs a write whose input may fail part-way (a streaming import hitting a bad row): when
     * the batches or their checks throw before the commit point, recovery removes what was
     * written at once, exactly as it would after a crash, so the table stays at its previous
     * version and the next writer finds no intent. I/O failures are left to the next writer's
     * recovery, like a crash (the disk may still be failing).
     */
    private void abandonOnFailure(ZdbcStorage.IoAction write) throws IOException {
        try {
            write.run();
        } catch (RuntimeException e) {
            try {
                recovery.recoverPending();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed); // the next writer's recovery tries again
            }
            throw e;
        }
    }

    /**
     * The columns whose legacy files a drop deletes. A damaged commit record or schema must not keep
     * a table from being dropped: the schema's columns are then the best guess, or none (the
     * table directory goes in any case).
     */
    private List<String> columnsToDrop(String table) throws IOException {
        try {
            return TableFiles.columnNames(reader.columnsOf(table, reader.readCommit(table)));
        } catch (CorruptDatabaseException damagedRecord) {
            try {
                return TableFiles.columnNames(reader.readLegacySchema(table).columns());
            } catch (CorruptDatabaseException damagedSchema) {
                return List.of(); // the table directory still goes; unknown legacy files stay
            }
        }
    }

    /**
     * Streams the batches into new generation files, commits them, publishes them under the
     * original library's names. Nothing is visible until the commit point.
     */
    private void writeNewGeneration(
            String table,
            List<ColumnDef> defs,
            Iterator<Batch> batches,
            Commit prev,
            boolean isNew,
            List<String> prevColumns)
            throws IOException {
        long gen = newGeneration(prev);
        Path dir = layout.tableDir(table);
        fs.createDirectories(dir);
        List<Path> generation = layout.dataFiles(table, gen, defs);
        for (Path f : generation) {
            fs.deleteIfExists(f);
        }
        long rows = writeBatches(table, defs, generation, true, 0, batches);
        if (durable && !isNew) {
            // The record's rename must not reach the disk before the names of the files it points at.
            fs.fsyncDirectory(dir);
        }
        long version = prev == null ? 1 : prev.version() + 1;
        List<Integer> sums = ColumnSums.of(fs, generation, rows * ColumnType.WIDTH);
        Commit c = new Commit(isNew ? CommitCodec.FLAG_PENDING_CREATE : 0, version, gen, rows, defs, sums);
        if (prev == null && !isNew) {
            files.writeFirstCommitOfLegacyTable(table, c); // commit point of a table of the original library
        } else {
            // commit point of an existing table; a first commit makes the table directory
            files.writeCommit(table, c, prev == null);
        }
        if (isNew) {
            List<String> registry = new ArrayList<>(reader.readRegistry());
            registry.add(table);
            fs.writeAtomically(
                    layout.registry(), RegistryCodec.encode(registry), durable); // commit point of a new table
            c = c.withFlags(0);
            files.writeCommit(table, c, false);
        }
        publisher.publish(table, c, prevColumns);
        files.deleteUnreferenced(table, c);
    }

    /**
     * Writes each batch's columns at {@code offset} bytes of the matching file (new files when
     * {@code create}, else existing ones), in the order of {@code defs}; returns the rows written.
     * Files are forced before returning in durable mode.
     */
    private long writeBatches(
            String table,
            List<ColumnDef> defs,
            List<Path> targets,
            boolean create,
            long offset,
            Iterator<Batch> batches)
            throws IOException {
        List<FileChannel> channels = new ArrayList<>(targets.size());
        try {
            for (Path f : targets) {
                FileChannel ch = fs.openForWrite(f, create);
                channels.add(ch);
                ch.position(offset);
            }
            long rows = 0;
            while (batches.hasNext()) {
                Batch b = batches.next();
                List<ColumnData> ordered = WriteChecks.matchColumns(table, defs, b);
                for (int i = 0; i < ordered.size(); i++) {
                    io.write(channels.get(i), ordered.get(i));
                }
                rows += b.rows();
            }
            if (durable) {
                for (FileChannel ch : channels) {
                    fs.force(ch);
                }
            }
            return rows;
        } finally {
            for (FileChannel ch : channels) {
                ch.close();
            }
        }
    }

    /** Appends past the committed length of every generation file, then commits the new row count. */
    private void appendRows(String table, Commit c, Iterator<Batch> batches) throws IOException {
        long committedBytes = Math.multiplyExact(c.rows(), (long) ColumnType.WIDTH);
        List<Path> generation = layout.dataFiles(table, c.generation(), c.columns());
        files.cutBack(generation, c.rows()); // a torn append nobody committed
        // The new rows go into the generation file in place: its legacy names must be that file,
        // or the schema's new row count would describe a stale copy (a database copied without
        // its hard links). The links must be durable before the row count is.
        if (publisher.linkColumns(table, c) && durable) {
            fs.fsyncDirectory(layout.legacySchema(table).getParent());
        }
        long n = writeBatches(table, c.columns(), generation, false, committedBytes, batches);
        if (n == 0) {
            return;
        }
        List<Integer> sums = ColumnSums.afterAppend(fs, c, generation, n * ColumnType.WIDTH);
        Commit next = new Commit(0, c.version() + 1, c.generation(), c.rows() + n, c.columns(), sums);
        files.writeCommit(table, next, false); // commit point
        publisher.updateRowCount(table, next);
    }

    /**
     * Gives a table written by the original library a commit record: its column files become the
     * first generation by hard link, so no data is copied.
     */
    private Commit adoptLegacy(String table) throws IOException {
        Schema s = reader.readLegacySchema(table);
        long gen = newGeneration(null);
        fs.createDirectories(layout.tableDir(table));
        List<Path> legacy = reader.legacyColumns(table, s.columns());
        ColumnFileCheck.require(fs, table, s.columns(), legacy, s.rows(), Promise.ADOPTION);
        List<Path> generation = layout.dataFiles(table, gen, s.columns());
        for (int i = 0; i < legacy.size(); i++) {
            fs.link(generation.get(i), legacy.get(i));
        }
        // The links before the record that names them, in either mode: the record is made durable.
        fs.fsyncDirectory(layout.tableDir(table));
        Commit c = new Commit(
                0, 1, gen, s.rows(), s.columns(), ColumnSums.of(fs, generation, Math.multiplyExact(s.rows(), (long)
                        ColumnType.WIDTH)));
        files.writeFirstCommitOfLegacyTable(table, c);
        return c;
    }

    private void beginIntent(String table, List<String> previousColumns) throws IOException {
        fs.writeAtomically(layout.intentFile(), IntentCodec.encode(new Intent(table, previousColumns)), durable);
    }

    private void endIntent() throws IOException {
        fs.deleteIfExists(layout.intentFile());
    }

    /** A random generation, never 0 and never the previous one, so a new generation's file names are new. */
    private static long newGeneration(Commit prev) {
        long g;
        do {
            g = ThreadLocalRandom.current().nextLong() & 0x7fff_ffff_ffff_ffffL;
        } while (g == 0 || (prev != null && g == prev.generation()));
        return g;
    }
}
