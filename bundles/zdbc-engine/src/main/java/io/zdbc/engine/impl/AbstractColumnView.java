package io.zdbc.engine.impl;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Str8;
import io.zdbc.api.TypeMismatchException;
import io.zdbc.api.ZdbcException;
import io.zdbc.spi.kernel.ColumnMemory;

/** What mapped and heap views share: type checks, decoding, materialization. */
abstract class AbstractColumnView implements ColumnView, ColumnMemory {
    private final String table;
    private final ColumnDef def;
    private final long rows;

    AbstractColumnView(String table, ColumnDef def, long rows) {
        this.table = table;
        this.def = def;
        this.rows = rows;
    }

    /** The raw 8 bytes of a row as a little-endian long, after open and bounds checks. */
    abstract long raw(long row);

    /** Copies {@code rows} packed 8-byte values starting at {@code fromRow}. */
    abstract void readPacked(long fromRow, byte[] dst, int off, int rows);

    /** Copies the raw 8 bytes of rows {@code [fromRow, fromRow+len)} as little-endian longs, any type. */
    abstract void readRaw(long fromRow, long[] dst, int off, int len);

    @Override
    public String table() {
        return table;
    }

    @Override
    public String name() {
        return def.name();
    }

    @Override
    public ColumnType type() {
        return def.type();
    }

    @Override
    public long rows() {
        return rows;
    }

    final void checkType(ColumnType wanted) {
        if (def.type() != wanted) {
            throw new TypeMismatchException(table, def.name(), wanted, def.type());
        }
    }

    final void checkRow(long row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException(
                    "row " + row + " of column '" + def.name() + "' of table '" + table + "' (" + rows + " rows)");
        }
    }

    final void checkRange(long fromRow, long len) {
        if (fromRow < 0 || len < 0 || fromRow > rows - len) {
            throw new IndexOutOfBoundsException("rows [" + fromRow + ", " + (fromRow + len) + ") of column '"
                    + def.name() + "' of table '" + table + "' (" + rows + " rows)");
        }
    }

    @Override
    public long getLong(long row) {
        checkType(ColumnType.I64);
        return raw(row);
    }

    @Override
    public double getDouble(long row) {
        checkType(ColumnType.F64);
        return Double.longBitsToDouble(raw(row));
    }

    @Override
    public String getString(long row) {
        checkType(ColumnType.STR);
        return Str8.decode(raw(row));
    }

    @Override
    public long getRaw(long row) {
        return raw(row);
    }

    private int arrayLength() {
        if (rows > Integer.MAX_VALUE - 16) {
            throw new ZdbcException("column '" + def.name() + "' of table '" + table + "' has " + rows
                    + " rows, too many for one Java array; read it in ranges");
        }
        return (int) rows;
    }

    @Override
    public long[] toLongArray() {
        checkType(ColumnType.I64);
        long[] a = new long[arrayLength()];
        readLongs(0, a, 0, a.length);
        return a;
    }

    @Override
    public double[] toDoubleArray() {
        checkType(ColumnType.F64);
        double[] a = new double[arrayLength()];
        readDoubles(0, a, 0, a.length);
        return a;
    }

    @Override
    public String[] toStringArray() {
        checkType(ColumnType.STR);
        int n = arrayLength();
        String[] out = new String[n];
        byte[] chunk = new byte[Str8.WIDTH * Math.min(n, 8192)];
        for (int i = 0; i < n; ) {
            int k = Math.min(n - i, chunk.length / Str8.WIDTH);
            readPacked(i, chunk, 0, k);
            for (int j = 0; j < k; j++) {
                out[i + j] = Str8.decode(chunk, j * Str8.WIDTH);
            }
            i += k;
        }
        return out;
    }

    /** The packed 8-byte values of a str column. */
    byte[] toPackedArray() {
        int n = arrayLength();
        byte[] b = new byte[Math.multiplyExact(n, Str8.WIDTH)];
        readPacked(0, b, 0, n);
        return b;
    }

    @Override
    public Object toArray() {
        switch (def.type()) {
            case I64:
                return toLongArray();
            case F64:
                return toDoubleArray();
            default:
                return toStringArray();
        }
    }

    @Override
    public ColumnView copy() {
        switch (def.type()) {
            case I64:
                return HeapColumnView.ofLongs(table, def, toLongArray());
            case F64:
                return HeapColumnView.ofDoubles(table, def, toDoubleArray());
            default:
                return HeapColumnView.ofPacked(table, def, toPackedArray());
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + table + "." + def.name() + " " + def.type() + ", " + rows + " rows]";
    }
}
