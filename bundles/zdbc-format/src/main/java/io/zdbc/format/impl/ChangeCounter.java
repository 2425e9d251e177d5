package io.zdbc.format.impl;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code .zdbc/changes} (FORMAT.md, "Change counter"): a u64 that every writer makes odd before
 * each commit and even again after it, in a shared mapping, so every process sees it at once. A
 * reader that cached a table's state keeps using it while the counter is unchanged and even: one
 * memory read instead of reading the commit record and the registry.
 *
 * <p>Before the file exists (a database from the original library, opened read-only), every call
 * returns a new number, so nothing is ever served from a cache.
 *
 * <p>One mapping per file per JVM, shared and never unmapped: unmapping while another thread
 * reads would crash the JVM, and a page per database ever opened is a small price.
 */
final class ChangeCounter implements AutoCloseable {
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /**
     * The numbers {@link #read} hands out when it must not be cached: odd, and each once, so they
     * never equal a count it returned from the file (always even), whatever the file holds.
     */
    private static final AtomicLong UNCACHED = new AtomicLong(Long.MIN_VALUE + 1);

    private static final ConcurrentHashMap<Path, Mapping> MAPS = new ConcurrentHashMap<>();

    /** A file's mapping and the file it maps: a file replaced under the same path is mapped anew. */
    private record Mapping(Object fileKey, MappedByteBuffer buffer) {}

    private final Path file;
    private volatile MappedByteBuffer map;

    ChangeCounter(Path file) {
        this.file = file;
    }

    /**
     * Creates the file if missing, or completes one shorter than 8 bytes (a crash between its
     * creation and its first write would otherwise turn caching off for good). Writers only,
     * under the write lock.
     */
    void create() throws IOException {
        if (!Files.exists(file) || Files.size(file) < 8) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                if (ch.size() < 8) {
                    ch.write(ByteBuffer.allocate(8), 0);
                }
            }
        }
        mapped();
    }

    /**
     * The mapping, made or checked once per open database: the file must be 8 bytes at least
     * (touching a mapped page past the end of a file cut short faults, SIGBUS) and the same file
     * the JVM mapped (after a restore or a copy over the database, the old mapping counts for
     * nobody). Only a file cut short while the database is open can still fault, as a column file
     * truncated under a mapping does (PROTOCOL.md, "Interoperability notes").
     */
    private MappedByteBuffer mapped() {
        MappedByteBuffer m = map;
        if (m == null) {
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (IOException e) {
                return null; // no file yet: nothing is cached
            }
            if (a.size() < 8) {
                return null;
            }
            // Where there are no file keys (null), the path alone identifies the file.
            Mapping mf = MAPS.compute(
                    file,
                    (f, old) -> old != null && Objects.equals(old.fileKey(), a.fileKey()) && old.buffer() != null
                            ? old
                            : new Mapping(a.fileKey(), mapFile(f)));
            m = mf.buffer();
            map = m;
        }
        return m;
    }

    private static MappedByteBuffer mapFile(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return ch.size() >= 8 ? ch.map(FileChannel.MapMode.READ_WRITE, 0, 8) : null;
        } catch (IOException e) {
            return null; // e.g. a read-only file system: no caching
        }
    }

    /**
     * The current count; equal values mean no commit was under way at either read, nor started
     * in between. While the stored count is odd a writer is between {@link #beginWrite} and
     * {@link #endWrite} (or died there): the tables can change under one stored value (at the
     * commit point, in the middle), so a state read now must not be kept under it, and every call
     * returns a new number, as when there is no file. (Handing out the odd value let a reader
     * cache the state from before the commit point under the same count as another reader's state
     * from after it, and serve the older one to that reader: a row count going back.)
     */
    long read() {
        MappedByteBuffer m = mapped();
        if (m == null) {
            return UNCACHED.getAndAdd(2);
        }
        long c = (long) LONG.getVolatile(m, 0);
        return (c & 1) == 0 ? c : UNCACHED.getAndAdd(2);
    }

    /**
     * Called by a writer, under the write lock, before it changes anything: makes the count odd
     * and new. An odd count left by a writer that died mid-commit goes up by 2.
     */
    void beginWrite() {
        advanceTo(1);
    }

    /** Called by a writer, under the write lock, when it is done: makes the count even and new. */
    void endWrite() {
        advanceTo(0);
    }

    /** Adds 1 or 2 so that the count's lowest bit becomes {@code parity}. Only writers call it, under the write lock. */
    private void advanceTo(long parity) {
        MappedByteBuffer m = mapped();
        if (m != null) {
            long c = (long) LONG.getVolatile(m, 0);
            LONG.getAndAdd(m, 0, (c & 1) == parity ? 2L : 1L);
        }
    }

    @Override
    public void close() {
        map = null; // the shared mapping stays (see the class comment)
    }
}
