package io.zdbc.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A read-only view of one column at one committed version.
 *
 * <p>A mapped view reads the column file's memory directly (off-heap, no copy). It holds a
 * reference on the mapping: the values it shows never change while it is open, even when the
 * table is appended to, rewritten or dropped. {@link #close()} drops the reference; when the last
 * reference goes, the mapping is unmapped. Reading a closed view throws {@link ViewClosedException}.
 *
 * <p>{@link #copy()} and the {@code to...Array()} methods give owned heap data that outlives the view.
 * Absolute reads are safe from several threads at once.
 */
@ProviderType
public interface ColumnView extends AutoCloseable {
    String table();

    String name();

    ColumnType type();

    long rows();

    /** Value at {@code row} of an i64 column. */
    long getLong(long row);

    /** Value at {@code row} of an f64 column. */
    double getDouble(long row);

    /** Value at {@code row} of a str column, with the padding removed. */
    String getString(long row);

    /** The 8 raw bytes at {@code row} of a str column, padding included, as on disk. */
    byte[] getRawString(long row);

    /** The raw little-endian 8 bytes of any column's value at {@code row}, as a long. */
    long getRaw(long row);

    /** Copies rows {@code [fromRow, fromRow+len)} of an i64 column into {@code dst[off..]}. */
    void readLongs(long fromRow, long[] dst, int off, int len);

    /** Copies rows {@code [fromRow, fromRow+len)} of an f64 column into {@code dst[off..]}. */
    void readDoubles(long fromRow, double[] dst, int off, int len);

    long[] toLongArray();

    double[] toDoubleArray();

    /** Trimmed strings of a str column. */
    String[] toStringArray();

    /** {@code long[]}, {@code double[]} or {@code String[]} by type. */
    Object toArray();

    /** An owned heap copy: it stays valid after this view and the database are closed. */
    ColumnView copy();

    /** True if the view reads mapped file memory (zero-copy); false for a {@link #copy()}. */
    boolean isMapped();

    /** Releases this view's reference. Idempotent. */
    @Override
    void close();
}
