package io.zdbc.format.impl;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Every file operation the storage makes goes through here (QuestDB's FilesFacade idea), so a
 * test can subclass it and make one chosen operation on one chosen file fail.
 */
class FileOps {
    static final FileOps DEFAULT = new FileOps();

    byte[] readAll(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    boolean exists(Path p) {
        return Files.exists(p);
    }

    long size(Path file) throws IOException {
        return Files.size(file);
    }

    boolean isSameFile(Path a, Path b) throws IOException {
        return Files.isSameFile(a, b);
    }

    /** Whether both files start with the same {@code length} bytes (false if either is shorter). */
    boolean samePrefix(Path a, Path b, long length) throws IOException {
        try (FileChannel ca = FileChannel.open(a, StandardOpenOption.READ);
                FileChannel cb = FileChannel.open(b, StandardOpenOption.READ)) {
            if (ca.size() < length || cb.size() < length) {
                return false;
            }
            ByteBuffer ba = ByteBuffer.allocate(1 << 16);
            ByteBuffer bb = ByteBuffer.allocate(1 << 16);
            for (long pos = 0; pos < length; pos += ba.limit()) {
                int n = (int) Math.min(ba.capacity(), length - pos);
                ba.clear().limit(n);
                bb.clear().limit(n);
                readFully(ca, ba, pos, a);
                readFully(cb, bb, pos, b);
                if (!ba.flip().equals(bb.flip())) {
                    return false;
                }
            }
            return true;
        }
    }

    /** zlib's CRC-32 of {@code length} bytes of {@code file} from {@code from} (FORMAT.md, "Commit record"). */
    int crc32(Path file, long from, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return ColumnSums.of(ch, file, from, length);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path file) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) {
                throw new EOFException(file + " ended while being read");
            }
        }
    }

    void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    /** Opens for writing; {@code create} makes a new file and fails if it exists. */
    FileChannel openForWrite(Path file, boolean create) throws IOException {
        return create
                ? FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.WRITE);
    }

    void write(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    void force(FileChannel ch) throws IOException {
        ch.force(true);
    }

    void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
            ch.force(true);
        }
    }

    /** Atomic rename over {@code to}. */
    void rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename " + from + " atomically", e);
        }
    }

    /** Hard link {@code link} to {@code existing}; replaces a stale {@code link}. */
    void link(Path link, Path existing) throws IOException {
        try {
            Files.createLink(link, existing);
        } catch (FileAlreadyExistsException e) {
            Files.delete(link);
            Files.createLink(link, existing);
        }
    }

    boolean deleteIfExists(Path p) throws IOException {
        try {
            return Files.deleteIfExists(p);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    List<Path> list(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                out.add(p);
            }
        }
        return out;
    }

    boolean isDirectory(Path p) {
        return Files.isDirectory(p);
    }

    /** Makes a directory's entries (creates, renames, deletes) durable. */
    void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory for fsync; entries are then as durable as the OS makes them.
            if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
                throw e;
            }
        }
    }

    /**
     * Replaces {@code target} with {@code content} atomically: write a temporary sibling, fsync
     * it (durable), rename it over the target, fsync the directory (durable).
     */
    void writeAtomically(Path target, byte[] content, boolean durable) throws IOException {
        Path tmp = Layout.tmp(target);
        deleteIfExists(tmp);
        try (FileChannel ch = openForWrite(tmp, true)) {
            write(ch, ByteBuffer.wrap(content));
            if (durable) {
                force(ch);
            }
        }
        rename(tmp, target);
        if (durable) {
            fsyncDirectory(target.getParent());
        }
    }
}
