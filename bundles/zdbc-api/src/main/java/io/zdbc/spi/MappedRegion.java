package io.zdbc.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A reference-counted, read-only mapping of the start of a file. Offsets are byte offsets,
 * little-endian. The mapping is released (unmapped) when the count reaches zero; using it after
 * that throws {@link io.zdbc.api.ViewClosedException}. Absolute reads are thread-safe.
 */
@ConsumerType
public interface MappedRegion {
    long length();

    /**
     * Native address of byte 0 (0 for an empty region). Valid only while a reference is held; for
     * kernels, which read {@code [address, address + length)} and nothing else.
     */
    long address();

    long readLong(long offset);

    double readDouble(long offset);

    void readBytes(long offset, byte[] dst, int off, int len);

    void readLongs(long offset, long[] dst, int off, int len);

    void readDoubles(long offset, double[] dst, int off, int len);

    /** Takes one more reference. @throws io.zdbc.api.ViewClosedException if already released */
    void retain();

    /** Drops one reference; the last one unmaps. */
    void release();

    int refCount();
}
