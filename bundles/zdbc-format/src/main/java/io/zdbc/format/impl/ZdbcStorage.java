package io.zdbc.format.impl;

import io.zdbc.api.BackupReport;
import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.Progress;
import io.zdbc.api.VerifyReport;
import io.zdbc.api.ViewClosedException;
import io.zdbc.api.ZdbcException;
import io.zdbc.api.ZdbcIOException;
import io.zdbc.format.impl.CommitCodec.Commit;
import io.zdbc.spi.ColumnIO;
import io.zdbc.spi.Storage;
import io.zdbc.spi.TableState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * The ZDBC layout with zdbc's commit protocol (docs/PROTOCOL.md, "Commit protocol"): the frame every
 * write runs in (write lock, change counter, recovery first) around the parts that do the work.
 *
 * <p>Readers take no lock: a table's state is its commit record, replaced atomically by rename,
 * pointing at generation files that are only ever appended past the committed length
 * ({@link StateReader}). Writers take the database's write lock, write an intent file, change
 * files in the order FORMAT.md gives, and remove the intent ({@link CommitWriter}). A writer that
 * finds an intent file recovers that table first ({@link Recovery}).
 */
final class ZdbcStorage implements Storage {
    private final Layout layout;
    private final FileOps fs;
    private final OpenOptions options;
    private final WriterLock lock;
    private final boolean durable;
    private final ChangeCounter changes;
    private final TableFiles files;
    private final StateReader reader;
    private final Recovery recovery;
    private final CommitWriter writer;
    private volatile boolean closed;

    private ZdbcStorage(Layout layout, FileOps fs, ColumnIO io, OpenOptions options) {
        this.layout = layout;
        this.fs = fs;
        this.options = options;
        this.lock = new WriterLock(layout.lockFile());
        this.durable = options.durability() == Durability.DURABLE;
        this.changes = new ChangeCounter(layout.changesFile());
        this.files = new TableFiles(layout, fs, durable);
        this.reader = new StateReader(layout, fs);
        LegacyPublisher publisher = new LegacyPublisher(layout, fs, files, durable);
        this.recovery = new Recovery(layout, fs, reader, files, publisher);
        this.writer = new CommitWriter(layout, fs, io, durable, reader, files, publisher, recovery);
    }

    static ZdbcStorage open(Path registry, OpenOptions options, ColumnIO io, FileOps fs) {
        Layout layout = new Layout(registry);
        ZdbcStorage s = new ZdbcStorage(layout, fs, io, options);
        try {
            if (fs.isDirectory(layout.registry())) {
                // A common slip, e.g. naming a backup's directory: say what a database path is.
                throw new ZdbcException(layout.registry() + " is a directory, not a database: a database is named"
                        + " by its registry file (<dir>/db, with its tables in <dir>/dbdir/)");
            }
            if (!fs.exists(layout.registry())) {
                if (options.readOnly() || !options.createIfMissing()) {
                    throw new ZdbcException("no database at " + layout.registry() + " (registry file not found)");
                }
                s.files.createDirectories(layout.registry().getParent());
            }
            if (!options.readOnly()) {
                s.files.createDirectories(layout.tablesDir());
                try (WriterLock.Held h = s.lock.acquire(options.lockTimeout())) {
                    s.changes.create();
                    // A write like any other; and it makes even again a count that a writer who
                    // died mid-commit left odd, so readers may cache before the next write.
                    s.counted(() -> {
                        if (!fs.exists(layout.registry())) {
                            fs.writeAtomically(layout.registry(), RegistryCodec.encode(List.of()), s.durable);
                        }
                        s.recovery.recoverPending();
                        // An intent write that failed before its rename leaves only its temporary.
                        fs.deleteIfExists(Layout.tmp(layout.intentFile()));
                        return null;
                    });
                }
            }
            s.reader.readRegistry(); // fail fast on a garbage registry
        } catch (IOException e) {
            throw new ZdbcIOException("opening database " + layout.registry(), e);
        }
        return s;
    }

    @Override
    public Path registry() {
        return layout.registry();
    }

    Layout layout() {
        return layout;
    }

    /** The table's commit record as on disk, or null; for tests that check what a write committed. */
    Commit readCommit(String table) throws IOException {
        return reader.readCommit(table);
    }

    @Override
    public List<String> tables() {
        checkOpen();
        try {
            return reader.readRegistry();
        } catch (IOException e) {
            throw new ZdbcIOException("reading registry " + layout.registry(), e);
        }
    }

    // ---------------------------------------------------------------- reads (no lock)

    @Override
    public TableState state(String table) {
        checkOpen();
        Layout.checkTableName(table);
        try {
            return reader.state(table);
        } catch (IOException e) {
            throw new ZdbcIOException("reading table '" + table + "'", e);
        }
    }

    // ---------------------------------------------------------------- writes (under the write lock)

    @Override
    public void create(String table, List<ColumnDef> columns) {
        WriteChecks.checkNewTable(table, columns);
        inWrite(() -> writer.create(table, columns));
    }

    @Override
    public void replace(String table, Batch data) {
        replace(table, data.defs(), List.of(data).iterator());
    }

    @Override
    public void replace(String table, List<ColumnDef> columns, Iterator<Batch> batches) {
        WriteChecks.checkNewTable(table, columns);
        inWrite(() -> writer.replace(table, columns, batches));
    }

    @Override
    public void append(String table, Batch rows) {
        append(table, List.of(rows).iterator());
    }

    @Override
    public void append(String table, Iterator<Batch> batches) {
        Layout.checkTableName(table);
        inWrite(() -> writer.append(table, batches));
    }

    @Override
    public void drop(String table) {
        Layout.checkTableName(table);
        inWrite(() -> writer.drop(table));
    }

    // ---------------------------------------------------------------- verify

    @Override
    public VerifyReport verify() {
        checkOpen();
        if (options.readOnly()) {
            return new Verifier(layout, fs).run();
        }
        return inWriteResult(() -> new Verifier(layout, fs).run());
    }

    // ---------------------------------------------------------------- backup

    /**
     * Reads one committed state under the write lock (writers wait only for that: opening the
     * files), or without it between two even readings of the change counter when read-only; then
     * copies it with the lock released (PROTOCOL.md, "Copies and backup").
     */
    @Override
    public BackupReport backup(Path dest, Progress progress) {
        checkOpen();
        Backup backup = Backup.prepare(layout, dest);
        BackupSnapshot snap;
        if (options.readOnly()) {
            try {
                snap = BackupSnapshot.withoutLock(reader, options.lockTimeout());
            } catch (IOException e) {
                throw new ZdbcIOException("reading database " + layout.registry() + " for a backup", e);
            }
        } else {
            snap = inWriteResult(() -> BackupSnapshot.take(reader));
        }
        try (snap) {
            return backup.write(snap, progress);
        }
    }

    // ---------------------------------------------------------------- the write frame

    interface IoAction {
        void run() throws IOException;
    }

    interface IoSupplier<T> {
        T get() throws IOException;
    }

    private void inWrite(IoAction action) {
        inWriteResult(() -> {
            action.run();
            return null;
        });
    }

    private <T> T inWriteResult(IoSupplier<T> action) {
        checkOpen();
        if (options.readOnly()) {
            throw new ZdbcException("database " + layout.registry() + " is open read-only");
        }
        try (WriterLock.Held h = lock.acquire(options.lockTimeout())) {
            return counted(() -> {
                recovery.recoverPending();
                return action.get();
            });
        } catch (IOException e) {
            throw new ZdbcIOException("writing database " + layout.registry(), e);
        }
    }

    /**
     * Runs a write, under the write lock, with the change count odd before anything changes and
     * even again after: a reader that cached a state while the count stayed the same can trust
     * it. In between readers cache nothing: one count there covers the states before and after
     * the commit point (FORMAT.md, "Change counter").
     */
    private <T> T counted(IoSupplier<T> write) throws IOException {
        changes.beginWrite();
        try {
            return write.get();
        } finally {
            changes.endWrite();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new ViewClosedException("database " + layout.registry());
        }
    }

    @Override
    public long changeCount() {
        return changes.read();
    }

    @Override
    public void close() {
        closed = true;
        changes.close();
    }
}
