package io.zdbc.flight.impl;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnData;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Str8;
import io.zdbc.api.ZdbcException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A DoPut's record batches as zdbc batches, read one at a time as the engine's streaming write
 * asks for them. A batch zdbc cannot store (a null, a type it has no column for) throws a
 * ZdbcException naming the table and column; a cancelled upload throws from the stream. Either
 * way the engine's write fails and commits nothing.
 */
final class UploadedBatches implements Iterator<Batch> {
    private final FlightStream stream;
    private final String table;
    private final List<ColumnDef> columns;
    private Boolean pending;
    private long rows;

    UploadedBatches(FlightStream stream, String table) {
        this.stream = stream;
        this.table = table;
        this.columns = columns(stream.getSchema(), table);
    }

    /** The zdbc columns for an uploaded schema. */
    static List<ColumnDef> columns(Schema schema, String table) {
        List<ColumnDef> defs = new ArrayList<>();
        for (Field f : schema.getFields()) {
            ColumnType t = ArrowTypes.zdbc(f.getType());
            if (t == null) {
                throw new ZdbcException(
                        "column '" + f.getName() + "' uploaded to table '" + table + "' has Arrow type " + f.getType()
                                + "; zdbc stores signed integers (i64), floating point (f64) and UTF-8 text (str)");
            }
            defs.add(ColumnDef.of(f.getName(), t));
        }
        if (defs.isEmpty()) {
            throw new ZdbcException("the upload to table '" + table + "' has no columns");
        }
        return defs;
    }

    List<ColumnDef> columns() {
        return columns;
    }

    /** Rows handed to the engine so far. */
    long rows() {
        return rows;
    }

    @Override
    public boolean hasNext() {
        if (pending == null) {
            pending = stream.next();
        }
        return pending;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        pending = null;
        VectorSchemaRoot root = stream.getRoot();
        int n = root.getRowCount();
        List<ColumnData> data = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            data.add(column(root.getVector(c), columns.get(c), n));
        }
        rows += n;
        return Batch.of(data);
    }

    private ColumnData column(FieldVector v, ColumnDef def, int n) {
        if (v.getNullCount() > 0) {
            throw new ZdbcException("column '" + def.name() + "' uploaded to table '" + table + "' has "
                    + v.getNullCount() + " null values in a batch; zdbc columns have no nulls");
        }
        switch (def.type()) {
            case I64: {
                long[] values = new long[n];
                if (v instanceof BigIntVector && n > 0) {
                    // Int64: one bulk copy out of the Arrow buffer (little-endian, as Arrow is)
                    littleEndian(v, n).asLongBuffer().get(values);
                } else {
                    BaseIntVector ints = (BaseIntVector) v;
                    for (int i = 0; i < n; i++) {
                        values[i] = ints.getValueAsLong(i);
                    }
                }
                return ColumnData.ofLongs(def.name(), values);
            }
            case F64: {
                double[] values = new double[n];
                if (v instanceof Float8Vector && n > 0) {
                    // Float64: one bulk copy out of the Arrow buffer
                    littleEndian(v, n).asDoubleBuffer().get(values);
                } else {
                    FloatingPointVector floats = (FloatingPointVector) v;
                    for (int i = 0; i < n; i++) {
                        values[i] = floats.getValueAsDouble(i);
                    }
                }
                return ColumnData.ofDoubles(def.name(), values);
            }
            default:
                return ColumnData.ofPackedStrings(def.name(), packed(v, n));
        }
    }

    /** The first {@code n} 8-byte values of a fixed-width vector's data buffer. */
    private static ByteBuffer littleEndian(FieldVector v, int n) {
        return v.getDataBuffer().nioBuffer(0, 8 * n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** UTF-8 values trimmed to zdbc's 8 bytes at a character boundary and padded ({@link Str8}). */
    private static byte[] packed(FieldVector v, int n) {
        byte[] out = new byte[Str8.WIDTH * n];
        byte[] tmp = new byte[Str8.WIDTH + 1];
        ArrowBuf data = v.getDataBuffer();
        boolean large = v instanceof LargeVarCharVector;
        for (int i = 0; i < n; i++) {
            long start;
            long end;
            if (large) {
                start = v.getOffsetBuffer().getLong(8L * i);
                end = v.getOffsetBuffer().getLong(8L * (i + 1));
            } else {
                BaseVariableWidthVector s = (BaseVariableWidthVector) v;
                start = s.getStartOffset(i);
                end = s.getStartOffset(i + 1);
            }
            // Only the first 9 bytes matter: 8 kept, one to find where a character starts.
            int len = (int) Math.min(end - start, Str8.WIDTH + 1);
            data.getBytes(start, tmp, 0, len);
            Str8.encodeUtf8(tmp, 0, len, out, Str8.WIDTH * i);
        }
        return out;
    }
}
