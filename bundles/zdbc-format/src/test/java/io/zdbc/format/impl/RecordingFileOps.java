package io.zdbc.format.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Runs every file operation for real and records each change in a {@link PowerLog}: creates,
 * writes (with their offsets and bytes, also those a ColumnIO makes on the returned channel),
 * truncates, fsyncs of files, renames, links, unlinks, new directories and directory fsyncs.
 * Reads pass through unrecorded.
 */
final class RecordingFileOps extends FileOps {
    private final PowerLog log;

    RecordingFileOps(PowerLog log) {
        this.log = log;
    }

    @Override
    void createDirectories(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir.toAbsolutePath().normalize(); p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        super.createDirectories(dir);
        for (Path p : missing) {
            log.mkdir(p);
        }
    }

    @Override
    FileChannel openForWrite(Path file, boolean create) throws IOException {
        FileChannel ch = super.openForWrite(file, create);
        int node = create ? log.create(file) : log.lookup(file);
        return new Recording(ch, node, file);
    }

    @Override
    void truncate(Path file, long size) throws IOException {
        super.truncate(file, size);
        int node = log.lookup(file);
        log.truncate(node, size, file);
        log.fileSync(node, file); // FileOps.truncate forces the file
    }

    @Override
    void rename(Path from, Path to) throws IOException {
        super.rename(from, to);
        log.rename(from, to);
    }

    @Override
    void link(Path link, Path existing) throws IOException {
        boolean replaced = Files.exists(link, LinkOption.NOFOLLOW_LINKS);
        super.link(link, existing);
        if (replaced) {
            log.unlink(link);
        }
        log.link(link, existing);
    }

    @Override
    boolean deleteIfExists(Path p) throws IOException {
        boolean deleted = super.deleteIfExists(p);
        if (deleted) {
            log.unlink(p);
        }
        return deleted;
    }

    @Override
    void fsyncDirectory(Path dir) throws IOException {
        super.fsyncDirectory(dir);
        log.dirSync(dir);
    }

    /** A channel that records its writes, truncates and forces against the file's node. */
    private final class Recording extends FileChannel {
        private final FileChannel ch;
        private final int node;
        private final Path file;

        Recording(FileChannel ch, int node, Path file) {
            this.ch = ch;
            this.node = node;
            this.file = file;
        }

        private int record(long at, ByteBuffer src, int from, int n) {
            byte[] b = new byte[n];
            src.duplicate().position(from).get(b, 0, n);
            log.write(node, at, b, file);
            return n;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            long at = ch.position();
            int from = src.position();
            return record(at, src, from, ch.write(src));
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            int from = src.position();
            return record(position, src, from, ch.write(src, position));
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                total += write(srcs[i]);
            }
            return total;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            ch.force(metaData);
            log.fileSync(node, file);
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            ch.truncate(size);
            log.truncate(node, size, file);
            return this;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return ch.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return ch.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return ch.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return ch.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            ch.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return ch.size();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException("not recorded");
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException("not recorded");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException("a mapped write would bypass the recorder");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return ch.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return ch.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            ch.close();
        }
    }
}
