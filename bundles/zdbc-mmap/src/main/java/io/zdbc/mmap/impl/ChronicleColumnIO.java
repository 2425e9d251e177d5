package io.zdbc.mmap.impl;

import io.zdbc.api.ColumnData;
import io.zdbc.api.CorruptDatabaseException;
import io.zdbc.spi.ColumnIO;
import io.zdbc.spi.MappedRegion;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.core.io.VanillaReferenceOwner;
import net.openhft.chronicle.core.shutdown.PriorityHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Column I/O over Chronicle Bytes: read-only single mappings, and little-endian column writes
 * through a reused direct buffer. Also a {@code ServiceLoader} provider for plain-Java use.
 */
@Component(service = ColumnIO.class, property = "service.ranking:Integer=0")
public final class ChronicleColumnIO implements ColumnIO {
    private static final int WRITE_CHUNK = 1 << 20;
    private static final AtomicLong LIVE_REGIONS = new AtomicLong();
    private static final AtomicLong LIVE_BYTES = new AtomicLong();
    private static final ThreadLocal<ByteBuffer> BUFFERS =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(WRITE_CHUNK).order(ByteOrder.LITTLE_ENDIAN));

    public ChronicleColumnIO() {
        ChronicleSettings.apply();
    }

    /**
     * In OSGi, runs every path once (write, map, each read, release) so that their classes are
     * loaded now. When this bundle is updated, the framework discards its class loader; a view
     * still held then (it stays valid by design) can go on reading and be released without
     * loading a class from the discarded loader.
     */
    @Activate
    void activate() throws IOException {
        Path f = Files.createTempFile("zdbc-mmap-warmup", ".col");
        try {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                write(ch, ColumnData.ofLongs("n", new long[] {1, 2}));
                write(ch, ColumnData.ofDoubles("x", new double[] {0.5}));
                write(ch, ColumnData.ofStrings("s", new String[] {"warm"}));
            }
            MappedRegion r = map(f, 32);
            try {
                r.retain();
                r.release();
                r.readLong(0);
                r.readDouble(16);
                r.readBytes(24, new byte[8], 0, 8);
                r.readLongs(0, new long[2], 0, 2);
                r.readDoubles(16, new double[1], 0, 1);
                r.refCount();
                r.address();
                r.toString();
            } finally {
                r.release();
            }
            map(f, 0).release();
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** Mappings made by this class that are not yet unmapped (for leak checks). */
    public static long liveRegions() {
        return LIVE_REGIONS.get();
    }

    /** Bytes of those mappings. */
    public static long liveBytes() {
        return LIVE_BYTES.get();
    }

    /**
     * Chronicle registers a JVM shutdown hook the first time it maps a file; the hook thread
     * (its task and its context class loader) belongs to this bundle, so leaving it registered
     * would keep every updated revision's class loader alive until the JVM exits. We unmap
     * synchronously at the last release, so the hook has nothing to do for us.
     */
    @Deactivate
    void deactivate() {
        PriorityHook.clear();
    }

    @Override
    public MappedRegion map(Path file, long length) throws IOException {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length + " for " + file);
        }
        long size = Files.size(file);
        if (size < length) {
            throw new CorruptDatabaseException(file, "column file has " + size + " bytes, " + length + " expected");
        }
        String name = file.toString();
        if (length == 0) {
            // mmap of 0 bytes is invalid; an empty column needs no memory.
            return new ChronicleRegion(name, null, null, null, 0, () -> {});
        }
        MappedFile mf;
        try {
            mf = ChronicleSettings.withBundleLoader(() -> MappedFile.ofSingle(file.toFile(), length, true));
        } catch (FileNotFoundException e) {
            throw vanishedOr(file, e);
        }
        try {
            mf.syncMode(SyncMode.NONE); // read-only: nothing to msync at unmap
            VanillaReferenceOwner owner = new VanillaReferenceOwner("zdbc:" + name);
            MappedBytesStore store = mf.acquireByteStore(owner, 0);
            LIVE_REGIONS.incrementAndGet();
            LIVE_BYTES.addAndGet(length);
            return new ChronicleRegion(name, mf, store, owner, length, () -> {
                LIVE_REGIONS.decrementAndGet();
                LIVE_BYTES.addAndGet(-length);
            });
        } catch (IOException | RuntimeException e) {
            mf.releaseLast();
            throw e;
        }
    }

    /**
     * Why Chronicle's open of a file that was there a moment ago failed. RandomAccessFile says
     * "not found" both for a missing file and for one it may not open; NIO tells them apart. A
     * file deleted since the size check (a writer removing an old version's files; the name may
     * even be back by now) is a {@link NoSuchFileException}, as for a file gone before it, on
     * which readers read the new version.
     */
    private static IOException vanishedOr(Path file, FileNotFoundException e) {
        if (Files.isDirectory(file)) {
            return e;
        }
        try (FileChannel ignored = FileChannel.open(file, StandardOpenOption.READ)) {
            // there again, under the same name: the file sized above has gone
        } catch (NoSuchFileException gone) {
            // gone
        } catch (IOException other) {
            other.addSuppressed(e);
            return other; // e.g. AccessDeniedException
        }
        NoSuchFileException gone = new NoSuchFileException(file.toString());
        gone.initCause(e);
        return gone;
    }

    @Override
    public void write(FileChannel channel, ColumnData data) throws IOException {
        switch (data.type()) {
            case I64:
                writeLongs(channel, data.longs());
                break;
            case F64:
                writeDoubles(channel, data.doubles());
                break;
            default:
                writeFully(channel, ByteBuffer.wrap(data.packedStrings()));
        }
    }

    private static void writeLongs(FileChannel ch, long[] v) throws IOException {
        ByteBuffer buf = BUFFERS.get();
        for (int i = 0; i < v.length; ) {
            int n = Math.min(v.length - i, WRITE_CHUNK / 8);
            buf.clear();
            buf.asLongBuffer().put(v, i, n);
            buf.limit(n * 8);
            writeFully(ch, buf);
            i += n;
        }
    }

    private static void writeDoubles(FileChannel ch, double[] v) throws IOException {
        ByteBuffer buf = BUFFERS.get();
        for (int i = 0; i < v.length; ) {
            int n = Math.min(v.length - i, WRITE_CHUNK / 8);
            buf.clear();
            buf.asDoubleBuffer().put(v, i, n);
            buf.limit(n * 8);
            writeFully(ch, buf);
            i += n;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
