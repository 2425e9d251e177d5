package io.zdbc.spark;

import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Str8;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A Spark column vector over a zdbc column view: each value is read from the mapped file when
 * Spark asks for it, no copy. Row {@code i} of the batch is row {@code from + i} of the column, or
 * {@code from + rows[i]} when a pushed filter selected the rows.
 */
final class ZdbcColumnVector extends ColumnVector {
    private final ColumnView view;
    private long from;
    private int[] rows;

    ZdbcColumnVector(ColumnView view) {
        super(Schemas.toSpark(view.type()));
        this.view = view;
    }

    /** Points the vector at the next batch: contiguous from {@code from}, or the listed offsets. */
    void position(long from, int[] rows) {
        this.from = from;
        this.rows = rows;
    }

    private long row(int i) {
        return rows == null ? from + i : from + rows[i];
    }

    @Override
    public long getLong(int rowId) {
        return view.getLong(row(rowId));
    }

    @Override
    public double getDouble(int rowId) {
        return view.getDouble(row(rowId));
    }

    @Override
    public UTF8String getUTF8String(int rowId) {
        long packed = view.getRaw(row(rowId));
        int len = Str8.length(packed);
        byte[] b = new byte[Str8.WIDTH];
        Str8.unpack(packed, b, 0);
        return UTF8String.fromBytes(b, 0, len);
    }

    @Override
    public boolean hasNull() {
        return false;
    }

    @Override
    public int numNulls() {
        return 0;
    }

    @Override
    public boolean isNullAt(int rowId) {
        return false;
    }

    @Override
    public void close() {
        // the reader closes the view once, after the last batch
    }

    @Override
    public boolean getBoolean(int rowId) {
        throw unsupported("boolean");
    }

    @Override
    public byte getByte(int rowId) {
        throw unsupported("byte");
    }

    @Override
    public short getShort(int rowId) {
        throw unsupported("short");
    }

    @Override
    public int getInt(int rowId) {
        throw unsupported("int");
    }

    @Override
    public float getFloat(int rowId) {
        throw unsupported("float");
    }

    @Override
    public ColumnarArray getArray(int rowId) {
        throw unsupported("array");
    }

    @Override
    public ColumnarMap getMap(int ordinal) {
        throw unsupported("map");
    }

    @Override
    public Decimal getDecimal(int rowId, int precision, int scale) {
        throw unsupported("decimal");
    }

    @Override
    public byte[] getBinary(int rowId) {
        throw unsupported("binary");
    }

    @Override
    public ColumnVector getChild(int ordinal) {
        throw unsupported("struct");
    }

    private UnsupportedOperationException unsupported(String what) {
        ColumnType t = view.type();
        return new UnsupportedOperationException("column '" + view.name() + "' is " + t.label() + ", not " + what);
    }
}
