package io.zdbc.engine.impl;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Str8;
import io.zdbc.api.ViewClosedException;
import io.zdbc.spi.MappedRegion;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A zero-copy view: reads go straight to the mapped column file. Holds one reference on the
 * mapping; a {@link Cleaner} gives it back if the view is dropped without {@link #close()}.
 */
final class MappedColumnView extends AbstractColumnView {
    private static final Cleaner CLEANER = Cleaner.create();

    private final MappedRegion region;
    private final Release release;
    private final Cleaner.Cleanable cleanable;

    /** Separate object so the cleaner does not keep the view reachable. */
    private static final class Release implements Runnable {
        private final MappedRegion region;
        private final AtomicBoolean done = new AtomicBoolean();

        Release(MappedRegion region) {
            this.region = region;
        }

        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                region.release();
            }
        }
    }

    /** Takes over one reference the caller already holds on {@code region}. */
    MappedColumnView(String table, ColumnDef def, long rows, MappedRegion region) {
        super(table, def, rows);
        this.region = region;
        this.release = new Release(region);
        this.cleanable = CLEANER.register(this, release);
    }

    private void checkOpen() {
        if (release.done.get()) {
            throw new ViewClosedException("view of column '" + name() + "' of table '" + table() + "'");
        }
    }

    @Override
    long raw(long row) {
        checkOpen();
        checkRow(row);
        return region.readLong(row * ColumnType.WIDTH);
    }

    @Override
    void readRaw(long fromRow, long[] dst, int off, int len) {
        checkOpen();
        checkRange(fromRow, len);
        region.readLongs(fromRow * ColumnType.WIDTH, dst, off, len);
    }

    @Override
    public byte[] getRawString(long row) {
        checkType(ColumnType.STR);
        checkOpen();
        checkRow(row);
        byte[] b = new byte[Str8.WIDTH];
        region.readBytes(row * ColumnType.WIDTH, b, 0, Str8.WIDTH);
        return b;
    }

    @Override
    public void readLongs(long fromRow, long[] dst, int off, int len) {
        checkType(ColumnType.I64);
        checkOpen();
        checkRange(fromRow, len);
        region.readLongs(fromRow * ColumnType.WIDTH, dst, off, len);
    }

    @Override
    public void readDoubles(long fromRow, double[] dst, int off, int len) {
        checkType(ColumnType.F64);
        checkOpen();
        checkRange(fromRow, len);
        region.readDoubles(fromRow * ColumnType.WIDTH, dst, off, len);
    }

    @Override
    void readPacked(long fromRow, byte[] dst, int off, int rows) {
        checkOpen();
        checkRange(fromRow, rows);
        region.readBytes(fromRow * ColumnType.WIDTH, dst, off, rows * Str8.WIDTH);
    }

    @Override
    public boolean isMapped() {
        return true;
    }

    @Override
    public long address() {
        checkOpen();
        return region.address();
    }

    @Override
    public Object heapArray() {
        return null;
    }

    @Override
    public void close() {
        cleanable.clean();
    }
}
