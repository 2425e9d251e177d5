package io.zdbc.engine.impl;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Str8;

/** An owned copy on the heap: valid for as long as it is referenced, closing is a no-op. */
final class HeapColumnView extends AbstractColumnView {
    private final long[] longs;
    private final double[] doubles;
    private final byte[] packed;

    private HeapColumnView(String table, ColumnDef def, long rows, long[] longs, double[] doubles, byte[] packed) {
        super(table, def, rows);
        this.longs = longs;
        this.doubles = doubles;
        this.packed = packed;
    }

    static HeapColumnView ofLongs(String table, ColumnDef def, long[] v) {
        return new HeapColumnView(table, def, v.length, v, null, null);
    }

    static HeapColumnView ofDoubles(String table, ColumnDef def, double[] v) {
        return new HeapColumnView(table, def, v.length, null, v, null);
    }

    static HeapColumnView ofPacked(String table, ColumnDef def, byte[] v) {
        return new HeapColumnView(table, def, v.length / Str8.WIDTH, null, null, v);
    }

    @Override
    long raw(long row) {
        checkRow(row);
        int r = (int) row;
        if (longs != null) {
            return longs[r];
        }
        if (doubles != null) {
            return Double.doubleToRawLongBits(doubles[r]);
        }
        return Str8.pack(packed, r * Str8.WIDTH);
    }

    @Override
    void readRaw(long fromRow, long[] dst, int off, int len) {
        checkRange(fromRow, len);
        int r = (int) fromRow;
        if (longs != null) {
            System.arraycopy(longs, r, dst, off, len);
        } else if (doubles != null) {
            for (int i = 0; i < len; i++) {
                dst[off + i] = Double.doubleToRawLongBits(doubles[r + i]);
            }
        } else {
            for (int i = 0; i < len; i++) {
                dst[off + i] = Str8.pack(packed, (r + i) * Str8.WIDTH);
            }
        }
    }

    @Override
    public byte[] getRawString(long row) {
        checkType(ColumnType.STR);
        checkRow(row);
        byte[] b = new byte[Str8.WIDTH];
        System.arraycopy(packed, (int) row * Str8.WIDTH, b, 0, Str8.WIDTH);
        return b;
    }

    @Override
    public void readLongs(long fromRow, long[] dst, int off, int len) {
        checkType(ColumnType.I64);
        checkRange(fromRow, len);
        System.arraycopy(longs, (int) fromRow, dst, off, len);
    }

    @Override
    public void readDoubles(long fromRow, double[] dst, int off, int len) {
        checkType(ColumnType.F64);
        checkRange(fromRow, len);
        System.arraycopy(doubles, (int) fromRow, dst, off, len);
    }

    @Override
    void readPacked(long fromRow, byte[] dst, int off, int rows) {
        checkRange(fromRow, rows);
        System.arraycopy(packed, (int) fromRow * Str8.WIDTH, dst, off, rows * Str8.WIDTH);
    }

    @Override
    public ColumnView copy() {
        return this; // already owned and immutable
    }

    @Override
    public boolean isMapped() {
        return false;
    }

    @Override
    public long address() {
        return 0;
    }

    @Override
    public Object heapArray() {
        return longs != null ? longs : doubles != null ? doubles : packed;
    }

    @Override
    public void close() {
        // owned heap data: nothing to release
    }
}
