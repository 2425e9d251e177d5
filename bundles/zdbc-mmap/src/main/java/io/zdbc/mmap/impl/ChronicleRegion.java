package io.zdbc.mmap.impl;

import io.zdbc.api.ViewClosedException;
import io.zdbc.spi.MappedRegion;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.core.UnsafeMemory;
import net.openhft.chronicle.core.io.ReferenceOwner;
import sun.misc.Unsafe;

/**
 * A read-only mapping of the first {@code length} bytes of a column file, through Chronicle's
 * {@link MappedFile#ofSingle single mapping} so a column of any size is one contiguous address
 * range. Our own count sits above Chronicle's: the last {@link #release()} gives Chronicle's
 * references back, which unmaps (synchronously with {@code -Dbackground.releaser=false}).
 *
 * <p>Every read is bounds-checked against {@code length}, which never exceeds the file's size
 * when mapped, so no read touches a page past the end of the file.
 */
final class ChronicleRegion implements MappedRegion {
    private static final Unsafe UNSAFE = UnsafeMemory.UNSAFE;
    /** Bulk copies go in slices so a huge copy never holds off a safepoint for long. */
    private static final long COPY_SLICE = 1 << 20;

    private final String name;
    private final MappedFile file;
    private final MappedBytesStore store;
    private final ReferenceOwner owner;
    private final long address;
    private final long length;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final Runnable onUnmap;

    ChronicleRegion(
            String name, MappedFile file, MappedBytesStore store, ReferenceOwner owner, long length, Runnable onUnmap) {
        this.name = name;
        this.file = file;
        this.store = store;
        this.owner = owner;
        this.address = store == null ? 0 : store.addressForRead(0);
        this.length = length;
        this.onUnmap = onUnmap;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long address() {
        return address;
    }

    private long at(long offset, long bytes) {
        if (refs.get() <= 0) {
            throw new ViewClosedException("mapping of " + name);
        }
        if (offset < 0 || bytes < 0 || offset > length - bytes) {
            throw new IndexOutOfBoundsException("bytes [" + offset + ", " + (offset + bytes) + ") outside the " + length
                    + "-byte mapping of " + name);
        }
        return address + offset;
    }

    @Override
    public long readLong(long offset) {
        long a = at(offset, 8);
        return toLittleEndian(UNSAFE.getLong(a));
    }

    @Override
    public double readDouble(long offset) {
        return Double.longBitsToDouble(readLong(offset));
    }

    @Override
    public void readBytes(long offset, byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        copy(at(offset, len), dst, Unsafe.ARRAY_BYTE_BASE_OFFSET + (long) off, len);
    }

    @Override
    public void readLongs(long offset, long[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        long bytes = (long) len * 8;
        copy(at(offset, bytes), dst, Unsafe.ARRAY_LONG_BASE_OFFSET + 8L * off, bytes);
        fixOrder(dst, off, len);
    }

    @Override
    public void readDoubles(long offset, double[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        long bytes = (long) len * 8;
        copy(at(offset, bytes), dst, Unsafe.ARRAY_DOUBLE_BASE_OFFSET + 8L * off, bytes);
        if (BIG_ENDIAN) {
            for (int i = off; i < off + len; i++) {
                dst[i] = Double.longBitsToDouble(Long.reverseBytes(Double.doubleToRawLongBits(dst[i])));
            }
        }
    }

    private static void copy(long src, Object dst, long dstOffset, long bytes) {
        while (bytes > 0) {
            long n = Math.min(bytes, COPY_SLICE);
            UNSAFE.copyMemory(null, src, dst, dstOffset, n);
            src += n;
            dstOffset += n;
            bytes -= n;
        }
    }

    private static final boolean BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    private static long toLittleEndian(long v) {
        return BIG_ENDIAN ? Long.reverseBytes(v) : v;
    }

    private static void fixOrder(long[] dst, int off, int len) {
        if (BIG_ENDIAN) {
            for (int i = off; i < off + len; i++) {
                dst[i] = Long.reverseBytes(dst[i]);
            }
        }
    }

    @Override
    public void retain() {
        while (true) {
            int n = refs.get();
            if (n <= 0) {
                throw new ViewClosedException("mapping of " + name);
            }
            if (refs.compareAndSet(n, n + 1)) {
                return;
            }
        }
    }

    @Override
    public void release() {
        int n = refs.decrementAndGet();
        if (n == 0) {
            unmap();
        } else if (n < 0) {
            refs.incrementAndGet();
            throw new IllegalStateException("mapping of " + name + " released more often than retained");
        }
    }

    @Override
    public int refCount() {
        return Math.max(0, refs.get());
    }

    private void unmap() {
        if (store != null) {
            store.release(owner);
            file.releaseLast();
            // SingleMappedFile keeps its own reservation on the store unless mappedFile.retain is
            // set (Chronicle 2026.4): give it back or the mapping leaks.
            if (store.refCount() > 0) {
                store.release(file);
            }
        }
        onUnmap.run();
    }

    @Override
    public String toString() {
        return "mapping of " + name + " (" + length + " bytes, " + refCount() + " refs)";
    }
}
