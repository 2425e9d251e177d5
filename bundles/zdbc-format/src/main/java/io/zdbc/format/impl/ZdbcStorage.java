package io.zdbc.format.impl;

import io.zdbc.api.BackupReport;
import io.zdbc.api.Batch;
import io.zdbc.api.ColumnData;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.CorruptDatabaseException;
import io.zdbc.api.Durability;
import io.zdbc.api.InvalidNameException;
import io.zdbc.api.NoSuchColumnException;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.TableExistsException;
import io.zdbc.api.TableInfo;
import io.zdbc.api.TypeMismatchException;
import io.zdbc.api.ViewClosedException;
import io.zdbc.api.ZdbcException;
import io.zdbc.api.ZdbcIOException;
import io.zdbc.format.impl.CommitCodec.Commit;
import io.zdbc.format.impl.IntentCodec.Intent;
import io.zdbc.format.impl.SchemaCodec.Schema;
import io.zdbc.spi.ColumnIO;
import io.zdbc.spi.Progress;
import io.zdbc.spi.Storage;
import io.zdbc.spi.TableState;
import io.zdbc.api.VerifyReport;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ZDBC layout with zdbc's commit protocol (docs/FORMAT.md, "Commit protocol").
 *
 * <p>Readers take no lock: a table's state is its commit record, replaced atomically by rename,
 * pointing at generation files that are only ever appended past the committed length. Writers take
 * the database's write lock, write an intent file, change files in the order FORMAT.md gives, and
 * remove the intent. A writer that finds an intent file recovers that table first.
 */
final class ZdbcStorage implements Storage {
    private final Layout layout;
    private final FileOps fs;
    private final ColumnIO io;
    private final OpenOptions options;
    private final WriterLock lock;
    private final boolean durable;
    private final ChangeCounter changes;
    private volatile boolean closed;
    /** Re-reads of a table that keeps changing under a reader before giving up, so no reader spins forever. */
    private static final int MAX_STATE_ATTEMPTS = 100;

    private ZdbcStorage(Layout layout, FileOps fs, ColumnIO io, OpenOptions options) {
        this.layout = layout;
        this.fs = fs;
        this.io = io;
        this.options = options;
        this.lock = new WriterLock(layout.lockFile());
        this.durable = options.durability() == Durability.DURABLE;
        this.changes = new ChangeCounter(layout.changesFile());
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
                s.createDirectories(layout.registry().getParent());
            }
            if (!options.readOnly()) {
                s.createDirectories(layout.tablesDir());
                try (WriterLock.Held h = s.lock.acquire(options.lockTimeout())) {
                    s.changes.create();
                    // A write like any other; and it makes even again a count that a writer who
                    // died mid-commit left odd, so readers may cache before the next write.
                    s.counted(() -> {
                        if (!fs.exists(layout.registry())) {
                            fs.writeAtomically(layout.registry(), RegistryCodec.encode(List.of()), s.durable);
                        }
                        s.recoverPending();
                        // An intent write that failed before its rename leaves only its temporary.
                        fs.deleteIfExists(Layout.tmp(layout.intentFile()));
                        return null;
                    });
                }
            }
            s.readRegistry(); // fail fast on a garbage registry
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

    FileOps fileOps() {
        return fs;
    }

    @Override
    public List<String> tables() {
        checkOpen();
        try {
            return readRegistry();
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
            for (int attempt = 1; ; attempt++) {
                Commit c = readCommitOfRegistered(table);
                TableState s = c != null ? committedState(table, c) : legacyState(table);
                if (s == null) {
                    continue; // created by another process between our two looks: read its commit
                }
                CorruptDatabaseException bad = checkFiles(s, c != null);
                if (bad == null) {
                    return s;
                }
                // A writer may have moved on meanwhile: a commit deletes the previous generation, and
                // adopting a legacy table grows its files after writing the first commit record.
                if (Objects.equals(readCommit(table), c)) {
                    throw bad;
                }
                if (attempt >= MAX_STATE_ATTEMPTS) {
                    throw new ZdbcException("table '" + table + "' kept changing while it was read (" + bad.getMessage() + ")");
                }
                Thread.onSpinWait();
            }
        } catch (IOException e) {
            throw new ZdbcIOException("reading table '" + table + "'", e);
        }
    }

    private TableState committedState(String table, Commit c) throws IOException {
        // The registry decides existence: a create commits by adding the name, a drop by
        // removing it, and the commit record outlives a drop until its files are deleted.
        if (!readRegistry().contains(table)) {
            throw new NoSuchTableException(table);
        }
        List<Path> files = new ArrayList<>();
        for (ColumnDef col : c.columns()) {
            files.add(layout.dataFile(table, c.generation(), col.name()));
        }
        return new TableState(new TableInfo(table, c.columns(), c.rows(), c.version()), files);
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
        List<Path> files = new ArrayList<>();
        for (ColumnDef col : s.columns()) {
            Path f = layout.legacyColumn(table, col.name());
            layout.checkInside(f, table);
            files.add(f);
        }
        return new TableState(new TableInfo(table, s.columns(), s.rows(), 0), files);
    }

    /**
     * Column files must hold at least the rows the metadata promises (FORMAT.md, "Readers"): a
     * reader would otherwise fail later, on a file it cannot map, or answer COUNT(*) for rows that
     * are not there. Returns the problem with the first file that does not, or null.
     */
    private CorruptDatabaseException checkFiles(TableState s, boolean committed) throws IOException {
        long bytes = s.rows() * ColumnType.WIDTH; // the codecs bound rows to 2^60
        String says = (committed ? "the commit record says " : "the schema says ") + s.rows() + " rows × 8 = " + bytes;
        for (int i = 0; i < s.columnFiles().size(); i++) {
            Path f = s.columnFiles().get(i);
            String what = "column file of '" + s.name() + "." + s.columns().get(i).name() + "'";
            long size;
            try {
                size = fs.size(f);
            } catch (NoSuchFileException e) {
                return new CorruptDatabaseException(f, what + " is missing (" + says + ")");
            }
            if (size < bytes) {
                return new CorruptDatabaseException(f, what + " has " + size + " bytes, but " + says);
            }
        }
        return null;
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
            // table is declared but empty (FORMAT.md, "Declared tables").
            return new Schema(0, List.of());
        }
    }

    /** The columns of the commit {@code c}, or of the legacy schema when the table has no commit record yet. */
    private List<ColumnDef> columnsOf(String table, Commit c) throws IOException {
        return c != null ? c.columns() : readLegacySchema(table).columns();
    }

    List<String> readRegistry() throws IOException {
        try {
            return RegistryCodec.decode(layout.registry(), fs.readAll(layout.registry()));
        } catch (NoSuchFileException e) {
            throw new ZdbcException("no database at " + layout.registry() + " (registry file not found)");
        }
    }

    // ---------------------------------------------------------------- writes (under the write lock)

    @Override
    public void create(String table, List<ColumnDef> columns) {
        checkNewTable(table, columns);
        inWrite(() -> {
            if (readRegistry().contains(table)) {
                throw new TableExistsException(table);
            }
            checkNoCollision(table, columns);
            beginIntent(table, List.of());
            writeNewGeneration(table, columns, Collections.emptyIterator(), null, true, List.of());
            endIntent();
        });
    }

    @Override
    public void replace(String table, Batch data) {
        replace(table, data.defs(), List.of(data).iterator());
    }

    @Override
    public void replace(String table, List<ColumnDef> columns, Iterator<Batch> batches) {
        checkNewTable(table, columns);
        inWrite(() -> abandonOnFailure(() -> {
            boolean exists = readRegistry().contains(table);
            Commit prev = exists ? readCommit(table) : null;
            List<String> prevColumns = exists ? columnNames(columnsOf(table, prev)) : List.of();
            checkNoCollision(table, columns);
            beginIntent(table, prevColumns);
            writeNewGeneration(table, columns, batches, prev, !exists, prevColumns);
            endIntent();
        }));
    }

    @Override
    public void append(String table, Batch rows) {
        append(table, List.of(rows).iterator());
    }

    @Override
    public void append(String table, Iterator<Batch> batches) {
        Layout.checkTableName(table);
        inWrite(() -> abandonOnFailure(() -> {
            if (!readRegistry().contains(table)) {
                throw new NoSuchTableException(table);
            }
            Commit c = readCommit(table);
            List<ColumnDef> cols = columnsOf(table, c);
            if (!batches.hasNext()) {
                return;
            }
            if (c != null) {
                checkGenerationFiles(table, c); // before the intent: a refused append changes nothing
            }
            beginIntent(table, columnNames(cols));
            if (c == null) {
                c = adoptLegacy(table);
            }
            appendRows(table, c, batches);
            endIntent();
        }));
    }

    /**
     * Runs a write whose input may fail part-way (a streaming import hitting a bad row): when
     * the batches or their checks throw before the commit point, recovery removes what was
     * written at once, exactly as it would after a crash, so the table stays at its previous
     * version and the next writer finds no intent. I/O failures are left to the next writer's
     * recovery, like a crash (the disk may still be failing).
     */
    private void abandonOnFailure(IoAction write) throws IOException {
        try {
            write.run();
        } catch (RuntimeException e) {
            try {
                recoverPending();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed); // the next writer's recovery tries again
            }
            throw e;
        }
    }

    @Override
    public void drop(String table) {
        Layout.checkTableName(table);
        inWrite(() -> {
            List<String> registry = readRegistry();
            if (!registry.contains(table)) {
                throw new NoSuchTableException(table);
            }
            List<String> cols = columnsToDrop(table);
            beginIntent(table, cols);
            List<String> remaining = new ArrayList<>(registry);
            remaining.remove(table);
            fs.writeAtomically(layout.registry(), RegistryCodec.encode(remaining), durable); // commit point
            deleteTableFiles(table, cols);
            endIntent();
        });
    }

    /**
     * The columns whose legacy files a drop deletes. A damaged commit record or schema must not keep
     * a table from being dropped: the schema's columns are then the best guess, or none (the
     * table directory goes in any case).
     */
    private List<String> columnsToDrop(String table) throws IOException {
        try {
            return columnNames(columnsOf(table, readCommit(table)));
        } catch (CorruptDatabaseException damagedRecord) {
            try {
                return columnNames(readLegacySchema(table).columns());
            } catch (CorruptDatabaseException damagedSchema) {
                return List.of(); // the table directory still goes; unknown legacy files stay
            }
        }
    }

    /**
     * Streams the batches into new generation files, commits them, publishes them under the
     * original library's names. Nothing is visible until the commit point.
     */
    private void writeNewGeneration(String table, List<ColumnDef> defs, Iterator<Batch> batches, Commit prev,
            boolean isNew, List<String> prevColumns) throws IOException {
        long gen = newGeneration(prev);
        Path dir = layout.tableDir(table);
        fs.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (ColumnDef col : defs) {
            Path f = layout.dataFile(table, gen, col.name());
            fs.deleteIfExists(f);
            files.add(f);
        }
        long rows = writeBatches(table, defs, files, true, 0, batches);
        if (durable && !isNew) {
            // The record's rename must not reach the disk before the names of the files it points at.
            fs.fsyncDirectory(dir);
        }
        long version = prev == null ? 1 : prev.version() + 1;
        List<Integer> sums = ColumnSums.of(fs, files, rows * ColumnType.WIDTH);
        Commit c = new Commit(isNew ? CommitCodec.FLAG_PENDING_CREATE : 0, version, gen, rows, defs, sums);
        writeCommit(table, c, prev == null); // commit point of an existing table; a first commit makes the table directory
        if (isNew) {
            List<String> registry = new ArrayList<>(readRegistry());
            registry.add(table);
            fs.writeAtomically(layout.registry(), RegistryCodec.encode(registry), durable); // commit point of a new table
            c = c.withFlags(0);
            writeCommit(table, c, false);
        }
        publishLegacy(table, c, prevColumns);
        deleteUnreferenced(table, c);
    }

    /**
     * Writes each batch's columns at {@code offset} bytes of the matching file (new files when
     * {@code create}, else existing ones), in the order of {@code defs}; returns the rows written.
     * Files are forced before returning in durable mode.
     */
    private long writeBatches(String table, List<ColumnDef> defs, List<Path> files, boolean create, long offset,
            Iterator<Batch> batches) throws IOException {
        List<FileChannel> channels = new ArrayList<>(files.size());
        try {
            for (Path f : files) {
                FileChannel ch = fs.openForWrite(f, create);
                channels.add(ch);
                ch.position(offset);
            }
            long rows = 0;
            while (batches.hasNext()) {
                Batch b = batches.next();
                List<ColumnData> ordered = matchColumns(table, defs, b);
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

    private void writeCommit(String table, Commit c, boolean firstInDir) throws IOException {
        fs.writeAtomically(layout.commitFile(table), CommitCodec.encode(c), durable);
        if (firstInDir && durable) {
            fs.fsyncDirectory(layout.tablesDir());
        }
    }

    /** Appends past the committed length of every generation file, then commits the new row count. */
    private void appendRows(String table, Commit c, Iterator<Batch> batches) throws IOException {
        long committedBytes = Math.multiplyExact(c.rows(), (long) ColumnType.WIDTH);
        List<Path> files = new ArrayList<>();
        for (ColumnDef col : c.columns()) {
            Path f = layout.dataFile(table, c.generation(), col.name());
            long size = fs.size(f);
            if (size > committedBytes) {
                fs.truncate(f, committedBytes); // a torn append nobody committed
            }
            files.add(f);
        }
        // The new rows go into the generation file in place: its legacy names must be that file,
        // or the schema's new row count would describe a stale copy (a database copied without
        // its hard links). The links must be durable before the row count is.
        if (linkLegacyColumns(table, c) && durable) {
            fs.fsyncDirectory(layout.legacySchema(table).getParent());
        }
        long n = writeBatches(table, c.columns(), files, false, committedBytes, batches);
        if (n == 0) {
            return;
        }
        List<Integer> sums = ColumnSums.afterAppend(fs, c, files, n * ColumnType.WIDTH);
        Commit next = new Commit(0, c.version() + 1, c.generation(), c.rows() + n, c.columns(), sums);
        writeCommit(table, next, false); // commit point
        updateLegacyRowCount(table, next);
    }

    /** Every generation file of the commit exists and holds its committed rows; else the table is corrupt. */
    private void checkGenerationFiles(String table, Commit c) throws IOException {
        long committedBytes = c.rows() * ColumnType.WIDTH;
        for (ColumnDef col : c.columns()) {
            Path f = layout.dataFile(table, c.generation(), col.name());
            if (!fs.exists(f)) {
                throw new CorruptDatabaseException(f, "column file of '" + table + "." + col.name() + "' is missing, but "
                        + c.rows() + " rows are committed");
            }
            long size = fs.size(f);
            if (size < committedBytes) {
                throw new CorruptDatabaseException(f, "column file has " + size + " bytes but " + c.rows()
                        + " rows are committed (" + committedBytes + " bytes)");
            }
        }
    }

    /**
     * An append changes only the schema file's first 8 bytes (the row count): write them in place
     * rather than replacing the file, which costs a create, a rename and on ext4 a flush. A torn or
     * missing schema is rebuilt from the commit record by recovery or the next publish.
     */
    private void updateLegacyRowCount(String table, Commit c) throws IOException {
        Path schema = layout.legacySchema(table);
        byte[] expected = SchemaCodec.encode(c.rows(), c.columns());
        if (!fs.exists(schema) || fs.size(schema) != expected.length) {
            fs.writeAtomically(schema, expected, durable);
            return;
        }
        try (FileChannel ch = fs.openForWrite(schema, false)) {
            fs.write(ch, java.nio.ByteBuffer.wrap(expected, 0, 8));
            if (durable) {
                fs.force(ch);
            }
        }
    }

    /**
     * Gives a table written by the original library a commit record: its column files become the
     * first generation by hard link, so no data is copied.
     */
    private Commit adoptLegacy(String table) throws IOException {
        Schema s = readLegacySchema(table);
        long gen = newGeneration(null);
        fs.createDirectories(layout.tableDir(table));
        long bytes = Math.multiplyExact(s.rows(), (long) ColumnType.WIDTH);
        List<Path> files = new ArrayList<>();
        for (ColumnDef col : s.columns()) {
            Path legacy = layout.legacyColumn(table, col.name());
            checkColumnFile(legacy, bytes, table, col.name(), s.rows());
            files.add(layout.dataFile(table, gen, col.name()));
            fs.link(files.get(files.size() - 1), legacy);
        }
        if (durable) {
            fs.fsyncDirectory(layout.tableDir(table)); // the links before the record that names them
        }
        Commit c = new Commit(0, 1, gen, s.rows(), s.columns(), ColumnSums.of(fs, files, bytes));
        writeCommit(table, c, true);
        return c;
    }

    /** Points {@code <table>.<column>} at the commit's generation files and rewrites {@code <table>.schema}. */
    private void publishLegacy(String table, Commit c, List<String> previousColumns) throws IOException {
        Path schema = layout.legacySchema(table);
        layout.checkInside(schema, table);
        createDirectories(schema.getParent());
        linkLegacyColumns(table, c);
        // Schema last, so the original library sees new columns only with the new schema.
        byte[] expected = SchemaCodec.encode(c.rows(), c.columns());
        if (!fs.exists(schema) || !java.util.Arrays.equals(fs.readAll(schema), expected)) {
            fs.writeAtomically(schema, expected, durable);
        }
        Set<String> current = new HashSet<>(columnNames(c.columns()));
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
    private boolean linkLegacyColumns(String table, Commit c) throws IOException {
        boolean linked = false;
        for (ColumnDef col : c.columns()) {
            Path legacy = layout.legacyColumn(table, col.name());
            Path data = layout.dataFile(table, c.generation(), col.name());
            if (fs.exists(legacy) && fs.isSameFile(legacy, data)) {
                continue;
            }
            layout.checkInside(legacy, table);
            createDirectories(legacy.getParent());
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

    /** Removes every file of the table directory the commit does not name (old generations, temporaries). */
    private void deleteUnreferenced(String table, Commit c) throws IOException {
        Set<Path> keep = new HashSet<>();
        keep.add(layout.commitFile(table));
        for (ColumnDef col : c.columns()) {
            keep.add(layout.dataFile(table, c.generation(), col.name()));
        }
        for (Path p : fs.list(layout.tableDir(table))) {
            if (!keep.contains(p)) {
                fs.deleteIfExists(p);
            }
        }
    }

    private void deleteTableFiles(String table, List<String> columns) throws IOException {
        for (String col : columns) {
            fs.deleteIfExists(layout.legacyColumn(table, col));
        }
        fs.deleteIfExists(layout.legacySchema(table));
        Path dir = layout.tableDir(table);
        for (Path p : fs.list(dir)) {
            fs.deleteIfExists(p);
        }
        fs.deleteIfExists(dir);
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

    // ---------------------------------------------------------------- recovery

    /** Runs under the write lock before every write: finishes or undoes a dead writer's change. */
    private void recoverPending() throws IOException {
        Path intentFile = layout.intentFile();
        if (!fs.exists(intentFile)) {
            return;
        }
        Intent intent = IntentCodec.decodeOrNull(intentFile, fs.readAll(intentFile));
        if (intent == null) {
            recoverAll(); // a torn intent (power loss in fast mode): check every table
        } else {
            recoverTable(intent.table(), intent.previousColumns(), readRegistry());
        }
        // A registry write the dead writer did not finish: its temporary sits beside the registry.
        fs.deleteIfExists(Layout.tmp(layout.registry()));
        fs.deleteIfExists(intentFile);
    }

    private void recoverAll() throws IOException {
        List<String> registry = readRegistry();
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
            c = readCommit(table);
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
                cols.addAll(columnNames(c.columns()));
            }
            deleteTableFiles(table, new ArrayList<>(cols));
            return;
        }
        if (c == null) {
            // Still the original library's table: drop whatever a replace or adoption left half-made.
            Path dir = layout.tableDir(table);
            for (Path p : fs.list(dir)) {
                fs.deleteIfExists(p);
            }
            fs.deleteIfExists(dir);
            return;
        }
        long bytes = c.rows() * ColumnType.WIDTH;
        for (ColumnDef col : c.columns()) {
            Path f = layout.dataFile(table, c.generation(), col.name());
            if (!fs.exists(f) || fs.size(f) < bytes) {
                // Committed data is lost (power loss in FAST mode, or damage): recovery cannot bring
                // it back, and refusing would stop every writer of the database, a drop of this table
                // included. Readers and verify() name the file.
                return;
            }
        }
        if (c.pendingCreate()) {
            // After the check above: a version 1 record gets the sums of its files, which hold its rows.
            c = ColumnSums.withSums(fs, layout, table, c).withFlags(0);
            writeCommit(table, c, false);
        }
        for (ColumnDef col : c.columns()) {
            Path f = layout.dataFile(table, c.generation(), col.name());
            if (fs.size(f) > bytes) {
                fs.truncate(f, bytes); // an append that was never committed
            }
        }
        deleteUnreferenced(table, c);
        publishLegacy(table, c, previousColumns);
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
     * copies it with the lock released (FORMAT.md, "Copies and backup").
     */
    @Override
    public BackupReport backup(Path dest, Progress progress) {
        checkOpen();
        Backup backup = Backup.prepare(layout, dest);
        BackupSnapshot snap;
        if (options.readOnly()) {
            try {
                snap = BackupSnapshot.withoutLock(this, options.lockTimeout());
            } catch (IOException e) {
                throw new ZdbcIOException("reading database " + layout.registry() + " for a backup", e);
            }
        } else {
            snap = inWriteResult(() -> BackupSnapshot.take(this));
        }
        try (snap) {
            return backup.write(snap, progress);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Creates missing directories; in durable mode each new entry is fsync'ed in its parent. */
    private void createDirectories(Path dir) throws IOException {
        java.util.ArrayDeque<Path> missing = new java.util.ArrayDeque<>();
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

    private void beginIntent(String table, List<String> previousColumns) throws IOException {
        fs.writeAtomically(layout.intentFile(), IntentCodec.encode(new Intent(table, previousColumns)), durable);
    }

    private void endIntent() throws IOException {
        fs.deleteIfExists(layout.intentFile());
    }

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
                recoverPending();
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

    /**
     * Tables share the data directory, so a new table's files could need a directory where another
     * table has a file ({@code a.x/y} beside column {@code x} of {@code a}) or the reverse. Refused
     * before anything is written: after the commit point the legacy files could never be published
     * and every later write would fail in recovery (FORMAT.md, "Names").
     */
    private void checkNoCollision(String table, List<ColumnDef> columns) {
        Path schema = layout.legacySchema(table);
        for (Path p = schema.getParent(); p != null && p.startsWith(layout.dataDir()) && !p.equals(layout.dataDir());
                p = p.getParent()) {
            if (fs.exists(p) && !fs.isDirectory(p)) {
                throw new InvalidNameException("table", table, p + " is a file (of another table), not a directory");
            }
        }
        if (fs.isDirectory(schema)) {
            throw new InvalidNameException("table", table, "its schema file " + schema + " is a directory (of another table)");
        }
        for (ColumnDef c : columns) {
            Path f = layout.legacyColumn(table, c.name());
            if (fs.isDirectory(f)) {
                throw new InvalidNameException("column", c.name(),
                        "in table '" + table + "': its file " + f + " is a directory (of another table)");
            }
        }
    }

    private void checkNewTable(String table, List<ColumnDef> columns) {
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

    /** The batch's columns in the table's order, checked against the table's names and types. */
    private static List<ColumnData> matchColumns(String table, List<ColumnDef> cols, Batch rows) {
        List<ColumnData> ordered = new ArrayList<>();
        for (ColumnDef def : cols) {
            ColumnData d = rows.column(def.name());
            if (d == null) {
                throw new ZdbcException("append to table '" + table + "' lacks column '" + def.name()
                        + "'; every column needs values");
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

    private void checkColumnFile(Path f, long bytes, String table, String column, long rows) throws IOException {
        long size;
        try {
            size = fs.size(f);
        } catch (NoSuchFileException e) {
            throw new CorruptDatabaseException(f, "column file of '" + table + "." + column + "' is missing");
        }
        if (size != bytes) {
            throw new CorruptDatabaseException(f, "column file has " + size + " bytes, but the schema says "
                    + rows + " rows × 8 = " + bytes);
        }
    }

    private static long newGeneration(Commit prev) {
        long g;
        do {
            g = ThreadLocalRandom.current().nextLong() & 0x7fff_ffff_ffff_ffffL;
        } while (g == 0 || (prev != null && g == prev.generation()));
        return g;
    }

    static List<String> columnNames(List<ColumnDef> cols) {
        List<String> names = new ArrayList<>(cols.size());
        for (ColumnDef c : cols) {
            names.add(c.name());
        }
        return names;
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
