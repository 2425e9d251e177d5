package io.zdbc.format.impl;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.CorruptDatabaseException;
import io.zdbc.api.ZdbcException;
import io.zdbc.format.impl.CommitCodec.Commit;
import io.zdbc.format.impl.SchemaCodec.Schema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One committed state of a whole database, held open: the registry, each table's columns and
 * rows, and an open channel on every column file they name. An open channel keeps its file
 * readable after a later commit deletes it, and no commit ever changes the first {@code rows × 8}
 * bytes of a file it names, so the copy can run after the write lock is released
 * (PROTOCOL.md, "Copies and backup").
 */
final class BackupSnapshot implements AutoCloseable {
    /** What the counter reads as when {@code .zdbc/changes} is absent or short: even, and never a real count. */
    private static final long NO_COUNTER = -2;

    /**
     * A table as committed; {@code version} 0 is a table only the original library wrote.
     * {@code sums} are its commit record's column checksums, null if it has none (version 1 or legacy).
     */
    record Table(
            String name,
            long version,
            long rows,
            List<ColumnDef> columns,
            boolean declared,
            List<Path> files,
            List<FileChannel> channels,
            List<Integer> sums) {}

    final List<String> registry;
    final List<Table> tables = new ArrayList<>();

    private BackupSnapshot(List<String> registry) {
        this.registry = List.copyOf(registry);
    }

    /** Reads the committed state; the caller holds the write lock, or checks the change counter around it. */
    static BackupSnapshot take(StateReader s) throws IOException {
        Layout layout = s.layout();
        BackupSnapshot snap = new BackupSnapshot(s.readRegistry());
        try {
            for (String t : snap.registry) {
                Layout.checkTableName(t);
                Commit c = s.readCommit(t);
                if (c != null) {
                    List<Path> files = layout.dataFiles(t, c.generation(), c.columns());
                    snap.add(new Table(
                            t, c.version(), c.rows(), c.columns(), false, files, new ArrayList<>(), c.sums()));
                    continue;
                }
                Path schemaFile = layout.legacySchema(t);
                layout.checkInside(schemaFile, t);
                boolean declared = !s.fileOps().exists(schemaFile);
                Schema schema = s.readLegacySchema(t);
                List<Path> files = s.legacyColumns(t, schema.columns());
                snap.add(new Table(t, 0, schema.rows(), schema.columns(), declared, files, new ArrayList<>(), null));
            }
        } catch (IOException | RuntimeException e) {
            snap.close();
            throw e;
        }
        return snap;
    }

    private void add(Table t) throws IOException {
        tables.add(t);
        for (Path f : t.files()) {
            try {
                t.channels().add(FileChannel.open(f, StandardOpenOption.READ));
            } catch (NoSuchFileException e) {
                throw new CorruptDatabaseException(f, "column file of table '" + t.name() + "' is missing");
            }
        }
    }

    /**
     * Without the write lock (a database opened read-only, perhaps on a read-only file system):
     * reads the state between two readings of the change counter and keeps it only if the
     * counter was even and unchanged, so no commit started meanwhile. Retries until
     * {@code timeout}.
     */
    static BackupSnapshot withoutLock(StateReader s, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleep = 1;
        for (; ; ) {
            long before = rawCount(s);
            BackupSnapshot snap = null;
            try {
                snap = take(s);
            } catch (CorruptDatabaseException e) {
                // A commit deleted a file between our reads, unless the counter says none ran.
                if (rawCount(s) == before && (before & 1) == 0) {
                    throw e;
                }
            }
            if (snap != null) {
                if (rawCount(s) == before && (before & 1) == 0) {
                    return snap;
                }
                snap.close();
            }
            if (System.nanoTime() > deadline) {
                throw new ZdbcException("could not read one committed state of "
                        + s.layout().registry()
                        + " without the write lock in " + timeout.toMillis() + " ms: writers kept committing, or one"
                        + " died mid-write (open the database read-write once to recover it)");
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ZdbcException("interrupted while reading the committed state of "
                        + s.layout().registry());
            }
            sleep = Math.min(sleep * 2, 50);
        }
    }

    /**
     * The change counter read from the file, not from a mapping: a read-only file system cannot
     * map it for writing, and a database only the original library wrote has none (then no zdbc
     * writer has opened it since, as a writer creates it first).
     */
    private static long rawCount(StateReader s) throws IOException {
        byte[] b;
        try {
            b = s.fileOps().readAll(s.layout().changesFile());
        } catch (NoSuchFileException e) {
            return NO_COUNTER;
        }
        return b.length < 8
                ? NO_COUNTER
                : ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    long totalBytes() {
        long n = 0;
        for (Table t : tables) {
            n += t.rows() * 8 * t.files().size();
        }
        return n;
    }

    @Override
    public void close() {
        for (Table t : tables) {
            for (FileChannel ch : t.channels()) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // read-only channels: nothing is lost
                }
            }
        }
    }
}
