package io.zdbc.format.impl;

import io.zdbc.api.BackupReport;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.CorruptDatabaseException;
import io.zdbc.api.Progress;
import io.zdbc.api.VerifyReport;
import io.zdbc.api.ZdbcException;
import io.zdbc.api.ZdbcIOException;
import io.zdbc.format.impl.BackupSnapshot.Table;
import io.zdbc.format.impl.CommitCodec.Commit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writes a {@link BackupSnapshot} as a new database in an empty directory (PROTOCOL.md, "Copies and backup").
 * Column data is copied, never linked to the source's files: zdbc grows generation files in
 * place and recovery cuts them back, so a shared inode would let either database change the
 * other. Inside the backup each legacy name is a hard link of the backup's own generation file,
 * as a commit leaves it, or a copy where the file system has no hard links. The registry is
 * written last, so a backup cut short has none and does not open; anything that fails deletes
 * what was written.
 */
final class Backup {
    /** Bytes per transfer between progress reports. */
    private static final long CHUNK = 16L << 20;

    private final Path dir;
    private final Layout target;
    private final boolean dirExisted;
    private final Set<Path> madeDirs = new LinkedHashSet<>();
    private long copied;

    private Backup(Path dir, Layout target, boolean dirExisted) {
        this.dir = dir;
        this.target = target;
        this.dirExisted = dirExisted;
    }

    /** Checks {@code dest} before anything is read or written: absent or an empty directory, outside the source. */
    static Backup prepare(Layout source, Path dest) {
        Path dir = dest.toAbsolutePath().normalize();
        if (dir.startsWith(source.dataDir()) || dir.equals(source.registry())) {
            throw new ZdbcException("backup destination " + dest + " is inside the database " + source.registry());
        }
        boolean existed = Files.exists(dir);
        if (existed) {
            if (!Files.isDirectory(dir)) {
                throw new ZdbcException("backup destination " + dest + " exists and is not a directory");
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                if (ds.iterator().hasNext()) {
                    throw new ZdbcException("backup destination " + dest + " exists and is not empty");
                }
            } catch (IOException e) {
                throw new ZdbcIOException("reading backup destination " + dest, e);
            }
        } else if (dir.getParent() == null || !Files.isDirectory(dir.getParent())) {
            throw new ZdbcException("backup destination " + dest + ": its parent directory does not exist");
        }
        return new Backup(dir, new Layout(dir.resolve(source.registry().getFileName())), existed);
    }

    /** Copies the snapshot, writes the registry, verifies; on any failure deletes what it wrote. */
    BackupReport write(BackupSnapshot snap, Progress progress) {
        try {
            if (!dirExisted) {
                Files.createDirectory(dir);
            }
            long total = snap.totalBytes();
            progress.update(0, total);
            mkdirs(target.dataDir());
            for (Table t : snap.tables) {
                writeTable(t, total, progress);
            }
            for (Path d : madeDirs) {
                FileOps.DEFAULT.fsyncDirectory(d);
            }
            FileOps.DEFAULT.fsyncDirectory(dir);
            // Last: a backup without its registry is not a database.
            FileOps.DEFAULT.writeAtomically(target.registry(), RegistryCodec.encode(snap.registry), true);
            VerifyReport r = new Verifier(target, FileOps.DEFAULT).run();
            if (!r.ok()) {
                throw new ZdbcException(
                        "backup " + target.registry() + " failed verification: " + String.join("; ", r.problems()));
            }
            progress.update(total, total);
            return new BackupReport(target.registry(), snap.tables.size(), copied, r);
        } catch (IOException | RuntimeException e) {
            deleteWritten(e);
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw new ZdbcIOException("writing backup " + target.registry(), (IOException) e);
        }
    }

    private void writeTable(Table t, long total, Progress progress) throws IOException {
        if (t.declared()) {
            return; // a registry entry alone, as the original library's create_table leaves it
        }
        Path schema = target.legacySchema(t.name());
        target.checkInside(schema, t.name());
        mkdirs(schema.getParent());
        List<ColumnDef> cols = t.columns();
        if (t.version() == 0) {
            for (int i = 0; i < cols.size(); i++) {
                Path legacy = target.legacyColumn(t.name(), cols.get(i).name());
                target.checkInside(legacy, t.name());
                copy(t, i, legacy, total, progress);
            }
        } else {
            long gen;
            do {
                gen = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
            } while (gen == 0);
            mkdirs(target.tableDir(t.name()));
            List<Path> data = new ArrayList<>();
            for (int i = 0; i < cols.size(); i++) {
                Path f = target.dataFile(t.name(), gen, cols.get(i).name());
                copy(t, i, f, total, progress);
                data.add(f);
            }
            // The source's sums, so that the backup's verify checks the copy against them; a record without computes
            // them.
            List<Integer> sums = t.sums() != null ? t.sums() : ColumnSums.of(FileOps.DEFAULT, data, t.rows() * 8);
            Commit c = new Commit(0, t.version(), gen, t.rows(), cols, sums);
            writeNew(target.commitFile(t.name()), CommitCodec.encode(c));
            for (int i = 0; i < cols.size(); i++) {
                Path legacy = target.legacyColumn(t.name(), cols.get(i).name());
                target.checkInside(legacy, t.name());
                linkOrCopy(legacy, data.get(i));
            }
        }
        writeNew(schema, SchemaCodec.encode(t.rows(), cols));
    }

    /** Copies exactly the committed {@code rows × 8} bytes of column {@code i} into the new file {@code to}. */
    private void copy(Table t, int i, Path to, long total, Progress progress) throws IOException {
        FileChannel src = t.channels().get(i);
        long bytes = t.rows() * 8;
        if (src.size() < bytes) {
            throw new CorruptDatabaseException(
                    t.files().get(i),
                    "has " + src.size() + " bytes but " + t.rows() + " rows of table '" + t.name() + "' are committed ("
                            + bytes + " bytes)");
        }
        try (FileChannel dst = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long pos = 0;
            while (pos < bytes) {
                long n = src.transferTo(pos, Math.min(CHUNK, bytes - pos), dst);
                if (n <= 0) {
                    throw new CorruptDatabaseException(
                            t.files().get(i), "ended at byte " + pos + " while being copied");
                }
                pos += n;
                copied += n;
                progress.update(copied, total);
            }
            dst.force(true);
        }
    }

    /** A hard link within the backup; a copy where the file system has none (the verify then notes it). */
    private static void linkOrCopy(Path legacy, Path data) throws IOException {
        try {
            Files.createLink(legacy, data);
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof FileAlreadyExistsException) {
                throw (IOException) e;
            }
            Files.copy(data, legacy);
            try (FileChannel ch = FileChannel.open(legacy, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
    }

    private static void writeNew(Path f, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            FileOps.DEFAULT.write(ch, ByteBuffer.wrap(content));
            ch.force(true);
        }
    }

    /** Creates missing directories below the backup directory, remembering them to fsync. */
    private void mkdirs(Path d) throws IOException {
        if (!d.startsWith(dir)) {
            throw new ZdbcException(d + " is outside the backup directory " + dir);
        }
        List<Path> missing = new ArrayList<>();
        for (Path p = d; !p.equals(dir) && !Files.isDirectory(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            Files.createDirectory(p);
            madeDirs.add(p);
            madeDirs.add(p.getParent());
        }
    }

    /** Removes the backup's files: the whole directory if this backup made it, else what it put in it. */
    private void deleteWritten(Exception cause) {
        List<Path> roots =
                dirExisted ? List.of(target.registry(), Layout.tmp(target.registry()), target.dataDir()) : List.of(dir);
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> w = Files.walk(root)) {
                for (Path p : (Iterable<Path>) w.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
