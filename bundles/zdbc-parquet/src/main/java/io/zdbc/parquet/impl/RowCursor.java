package io.zdbc.parquet.impl;

import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Str8;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;

/**
 * One reusable "record" over the zero-copy column views of an export: parquet-java's example
 * {@code GroupWriter} asks it for each field of the current row, and it hands the value straight to
 * the column writer. Numbers are read from the views in chunks ({@code readLongs}/{@code readDoubles});
 * str values one raw 8-byte word at a time. No per-row objects, no copy of the table.
 * (Extending {@code Group} keeps the write path free of Hadoop types: a custom
 * {@code WriteSupport} would need Hadoop's {@code Configuration} at compile time.)
 */
final class RowCursor extends Group {
    /** Rows read from the views per chunk. */
    static final int CHUNK = 8192;

    private final GroupType schema;
    private final ColumnView[] views;
    private final ColumnType[] types;
    private final long[][] longs;
    private final double[][] doubles;
    private final byte[] str = new byte[Str8.WIDTH];
    private long base;
    private int row;

    RowCursor(GroupType schema, List<ColumnView> views) {
        this.schema = schema;
        this.views = views.toArray(new ColumnView[0]);
        this.types = new ColumnType[this.views.length];
        this.longs = new long[this.views.length][];
        this.doubles = new double[this.views.length][];
        for (int i = 0; i < this.views.length; i++) {
            types[i] = this.views[i].type();
            if (types[i] == ColumnType.I64) {
                longs[i] = new long[CHUNK];
            } else if (types[i] == ColumnType.F64) {
                doubles[i] = new double[CHUNK];
            }
        }
    }

    /** Reads rows {@code [from, from+n)} of every numeric column; n at most {@link #CHUNK}. */
    void load(long from, int n) {
        base = from;
        for (int i = 0; i < views.length; i++) {
            if (types[i] == ColumnType.I64) {
                views[i].readLongs(from, longs[i], 0, n);
            } else if (types[i] == ColumnType.F64) {
                views[i].readDoubles(from, doubles[i], 0, n);
            }
        }
    }

    /** Selects row {@code base + i} of the loaded chunk. */
    void select(int i) {
        row = i;
    }

    @Override
    public int getFieldRepetitionCount(int fieldIndex) {
        return 1; // every column is required
    }

    @Override
    public void writeValue(int field, int index, RecordConsumer consumer) {
        switch (types[field]) {
            case I64:
                consumer.addLong(longs[field][row]);
                break;
            case F64:
                consumer.addDouble(doubles[field][row]);
                break;
            default:
                long packed = views[field].getRaw(base + row);
                // The stored bytes minus their padding, as they are: no String, nothing allocated per value.
                Str8.unpack(packed, str, 0);
                consumer.addBinary(Binary.fromReusedByteArray(str, 0, Str8.length(packed)));
        }
    }

    @Override
    public GroupType getType() {
        return schema;
    }

    // ---- Group's building and reading side: not used by the writer ----------------------

    private static UnsupportedOperationException unused() {
        return new UnsupportedOperationException("RowCursor only feeds a ParquetWriter");
    }

    @Override
    public void add(int fieldIndex, int value) {
        throw unused();
    }

    @Override
    public void add(int fieldIndex, long value) {
        throw unused();
    }

    @Override
    public void add(int fieldIndex, String value) {
        throw unused();
    }

    @Override
    public void add(int fieldIndex, boolean value) {
        throw unused();
    }

    @Override
    public void add(int fieldIndex, NanoTime value) {
        throw unused();
    }

    @Override
    public void add(int fieldIndex, Binary value) {
        throw unused();
    }

    @Override
    public void add(int fieldIndex, float value) {
        throw unused();
    }

    @Override
    public void add(int fieldIndex, double value) {
        throw unused();
    }

    @Override
    public void add(int fieldIndex, Group value) {
        throw unused();
    }

    @Override
    public Group addGroup(int fieldIndex) {
        throw unused();
    }

    @Override
    public Group getGroup(int fieldIndex, int index) {
        throw unused();
    }

    @Override
    public String getValueToString(int fieldIndex, int index) {
        throw unused();
    }

    @Override
    public String getString(int fieldIndex, int index) {
        throw unused();
    }

    @Override
    public int getInteger(int fieldIndex, int index) {
        throw unused();
    }

    @Override
    public long getLong(int fieldIndex, int index) {
        throw unused();
    }

    @Override
    public double getDouble(int fieldIndex, int index) {
        throw unused();
    }

    @Override
    public float getFloat(int fieldIndex, int index) {
        throw unused();
    }

    @Override
    public boolean getBoolean(int fieldIndex, int index) {
        throw unused();
    }

    @Override
    public Binary getBinary(int fieldIndex, int index) {
        throw unused();
    }

    @Override
    public Binary getInt96(int fieldIndex, int index) {
        throw unused();
    }
}
