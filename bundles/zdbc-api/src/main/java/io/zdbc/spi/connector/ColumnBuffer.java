package io.zdbc.spi.connector;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnData;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Str8;
import io.zdbc.api.ZdbcException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Collects one column's values for the next batch of a streaming import, applying the rules
 * every connector shares (docs/CONNECTORS.md): str values trimmed to 8 bytes and counted; nulls
 * stored as the type's null value (0, NaN, 8 spaces) and counted, or rejected when strict.
 *
 * <pre>{@code
 * ColumnBuffer price = new ColumnBuffer(new ColumnDef("price", ColumnType.F64), 65536, false);
 * price.addDouble(1.5);
 * price.addNull(17);               // row 17 was null: stored as NaN, counted
 * ColumnData batchPart = price.take();
 * }</pre>
 *
 * An import keeps one buffer per column: {@link #takeBatch} turns them into each batch and
 * {@link #report} sums what they counted.
 */
@ProviderType
public final class ColumnBuffer {
    private final ColumnDef def;
    private final int capacity;
    private final boolean strict;
    private long[] longs;
    private double[] doubles;
    private byte[] packed;
    private int size;
    private long trimmed;
    private long nulls;

    public ColumnBuffer(ColumnDef def, int capacity, boolean strict) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.def = def;
        this.capacity = capacity;
        this.strict = strict;
        reset();
    }

    private void reset() {
        size = 0;
        switch (def.type()) {
            case I64:
                longs = new long[capacity];
                break;
            case F64:
                doubles = new double[capacity];
                break;
            default:
                packed = new byte[capacity * Str8.WIDTH];
        }
    }

    public ColumnDef def() {
        return def;
    }

    public String name() {
        return def.name();
    }

    public ColumnType type() {
        return def.type();
    }

    /** Values added since the last {@link #take()}. */
    public int size() {
        return size;
    }

    public boolean isFull() {
        return size == capacity;
    }

    /** str values trimmed so far, over all batches. */
    public long trimmed() {
        return trimmed;
    }

    /** Nulls stored so far, over all batches. */
    public long nulls() {
        return nulls;
    }

    public void addLong(long v) {
        longs[size++] = v;
    }

    public void addDouble(double v) {
        doubles[size++] = v;
    }

    /**
     * {@code n} i64 values in one bulk copy: the little-endian 8-byte words at {@code src}'s
     * position (which stays where it was). Room for them must be left ({@code size() + n <= capacity}).
     */
    public void addLongs(ByteBuffer src, int n) {
        src.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(longs, size, n);
        size += n;
    }

    /** {@code n} f64 values in one bulk copy, as {@link #addLongs}. */
    public void addDoubles(ByteBuffer src, int n) {
        src.duplicate().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(doubles, size, n);
        size += n;
    }

    /** Room left before the buffer is full. */
    public int remaining() {
        return capacity - size;
    }

    public void addString(String v) {
        if (Str8.encode(v, packed, size * Str8.WIDTH)) {
            trimmed++;
        }
        size++;
    }

    /** A str value given as UTF-8 bytes. */
    public void addUtf8(byte[] src, int from, int len) {
        if (Str8.encodeUtf8(src, from, len, packed, size * Str8.WIDTH)) {
            trimmed++;
        }
        size++;
    }

    /** The error message when strict mode rejects a null, in a connector's own words. */
    @ConsumerType
    @FunctionalInterface
    public interface NullRejection {
        /** The message for the null at {@code row} (as given to {@code addNull}) of {@code column}. */
        String message(ColumnBuffer column, long row);
    }

    private static final NullRejection NULL_AT_ROW =
            (column, row) -> "column '" + column.name() + "': null value at row " + row
                    + " (strict mode rejects nulls; without it they are stored as " + nullValue(column.type()) + ")";

    /**
     * A null at {@code row} (1-based row or line number, for the error): stores 0, NaN or 8
     * spaces and counts it, or throws when strict.
     */
    public void addNull(long row) {
        addNull(row, NULL_AT_ROW);
    }

    /**
     * {@link #addNull(long)} with the strict-mode error in the connector's words (its line numbers,
     * its option name). Keep the rejection in a constant, so a null allocates nothing.
     */
    public void addNull(long row, NullRejection rejection) {
        if (strict) {
            throw new ZdbcException(rejection.message(this, row));
        }
        nulls++;
        switch (def.type()) {
            case I64:
                longs[size] = 0;
                break;
            case F64:
                doubles[size] = Double.NaN;
                break;
            default:
                Arrays.fill(packed, size * Str8.WIDTH, (size + 1) * Str8.WIDTH, Str8.PAD);
        }
        size++;
    }

    /** What a null becomes in a column of {@code type}, for messages and docs. */
    public static String nullValue(ColumnType type) {
        switch (type) {
            case I64:
                return "0";
            case F64:
                return "NaN";
            default:
                return "an empty string";
        }
    }

    /** The values since the last take as a column; the buffer starts over. */
    public ColumnData take() {
        ColumnData d;
        switch (def.type()) {
            case I64:
                d = ColumnData.ofLongs(def.name(), size == capacity ? longs : Arrays.copyOf(longs, size));
                break;
            case F64:
                d = ColumnData.ofDoubles(def.name(), size == capacity ? doubles : Arrays.copyOf(doubles, size));
                break;
            default:
                d = ColumnData.ofPackedStrings(
                        def.name(), size == capacity ? packed : Arrays.copyOf(packed, size * Str8.WIDTH));
        }
        reset();
        return d;
    }

    /** The next batch: every buffer's values since the last take, in this order; the buffers start over. */
    public static Batch takeBatch(ColumnBuffer... buffers) {
        List<ColumnData> cols = new ArrayList<>(buffers.length);
        for (ColumnBuffer b : buffers) {
            cols.add(b.take());
        }
        return Batch.of(cols);
    }

    /** An import's report: its rows and skipped rows, and the trimmed values and nulls the buffers counted. */
    public static TransferReport report(String table, long rows, long skipped, ColumnBuffer... buffers) {
        long trimmed = 0;
        long nulls = 0;
        for (ColumnBuffer b : buffers) {
            trimmed += b.trimmed();
            nulls += b.nulls();
        }
        return new TransferReport(table, rows, trimmed, nulls, skipped);
    }
}
