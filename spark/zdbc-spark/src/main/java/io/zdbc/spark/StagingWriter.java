package io.zdbc.spark;

import io.zdbc.api.ColumnType;
import io.zdbc.api.Str8;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One write task: converts each row's values to zdbc's 8-byte encoding (nulls as the type's null
 * value: 0, NaN, empty string) and appends them to one staging file per column.
 */
final class StagingWriter implements DataWriter<InternalRow> {
    private static final int BUFFER_ROWS = 8192;

    private final String table;
    private final DataType[] types;
    private final ColumnType[] zdbc;
    private final List<Path> files = new ArrayList<>();
    private final FileChannel[] channels;
    private final ByteBuffer[] buffers;
    private final int partition;
    private final long task;
    private final byte[] packed = new byte[Str8.WIDTH];
    private long rows;
    private boolean committed;

    StagingWriter(String table, StructType schema, String staging, int partition, long task) {
        this.table = table;
        this.partition = partition;
        this.task = task;
        int n = schema.fields().length;
        types = new DataType[n];
        zdbc = new ColumnType[n];
        channels = new FileChannel[n];
        buffers = new ByteBuffer[n];
        try {
            for (int i = 0; i < n; i++) {
                types[i] = schema.fields()[i].dataType();
                zdbc[i] = Schemas.toZdbc(table, schema.fields()[i]);
                Path f = Path.of(staging, "part-" + partition + "-" + task + "." + i);
                files.add(f);
                channels[i] = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                buffers[i] = ByteBuffer.allocate(BUFFER_ROWS * Str8.WIDTH).order(ByteOrder.LITTLE_ENDIAN);
            }
        } catch (IOException e) {
            abort();
            throw new UncheckedIOException("staging rows for table '" + table + "' in " + staging, e);
        }
    }

    @Override
    public void write(InternalRow row) throws IOException {
        for (int i = 0; i < types.length; i++) {
            ByteBuffer b = buffers[i];
            if (!b.hasRemaining()) {
                flush(i);
            }
            boolean isNull = row.isNullAt(i);
            switch (zdbc[i]) {
                case I64:
                    b.putLong(isNull ? 0L : toLong(row, i));
                    break;
                case F64:
                    b.putDouble(isNull ? Double.NaN : toDouble(row, i));
                    break;
                default:
                    if (isNull) {
                        Str8.encode("", packed, 0);
                    } else {
                        UTF8String s = row.getUTF8String(i);
                        byte[] utf8 = s.getBytes();
                        Str8.encodeUtf8(utf8, 0, utf8.length, packed, 0);
                    }
                    b.put(packed);
            }
        }
        rows++;
    }

    private long toLong(InternalRow row, int i) {
        DataType t = types[i];
        if (t instanceof IntegerType) {
            return row.getInt(i);
        }
        if (t instanceof ShortType) {
            return row.getShort(i);
        }
        if (t instanceof ByteType) {
            return row.getByte(i);
        }
        if (t instanceof BooleanType) {
            return row.getBoolean(i) ? 1 : 0;
        }
        return row.getLong(i);
    }

    private double toDouble(InternalRow row, int i) {
        DataType t = types[i];
        if (t instanceof FloatType) {
            return row.getFloat(i);
        }
        if (t instanceof DecimalType) {
            DecimalType d = (DecimalType) t;
            return row.getDecimal(i, d.precision(), d.scale()).toDouble();
        }
        return row.getDouble(i);
    }

    private void flush(int i) throws IOException {
        ByteBuffer b = buffers[i];
        b.flip();
        while (b.hasRemaining()) {
            channels[i].write(b);
        }
        b.clear();
    }

    @Override
    public WriterCommitMessage commit() throws IOException {
        for (int i = 0; i < channels.length; i++) {
            flush(i);
            channels[i].force(true); // the driver may read them from another machine's mount
            channels[i].close();
        }
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            names.add(f.toString());
        }
        committed = true;
        return new StagedPart(partition, task, names, rows);
    }

    @Override
    public void abort() {
        for (int i = 0; i < channels.length; i++) {
            try {
                if (channels[i] != null) {
                    channels[i].close();
                }
            } catch (IOException e) {
                // deleting is what matters
            }
        }
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // the job's abort deletes the whole staging directory
            }
        }
    }

    @Override
    public void close() {
        if (!committed) { // after a commit the files are the driver's to append
            abort();
        }
    }
}
