package io.zdbc.spark;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnData;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.Str8;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** The staged rows of every task, in partition order, as batches for one native append. */
final class StagedBatches implements Iterator<Batch> {
    static final int BATCH_ROWS = 1 << 16;

    private final List<ColumnDef> defs;
    private final List<StagedPart> parts;
    private int part;
    private long row;

    StagedBatches(List<ColumnDef> defs, List<StagedPart> parts) {
        this.defs = defs;
        this.parts = parts;
    }

    @Override
    public boolean hasNext() {
        while (part < parts.size() && row >= parts.get(part).rows()) {
            part++;
            row = 0;
        }
        return part < parts.size();
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        StagedPart p = parts.get(part);
        int n = (int) Math.min(BATCH_ROWS, p.rows() - row);
        List<ColumnData> columns = new ArrayList<>(defs.size());
        for (int i = 0; i < defs.size(); i++) {
            ByteBuffer b = read(Path.of(p.files().get(i)), row, n);
            ColumnDef d = defs.get(i);
            switch (d.type()) {
                case I64: {
                    long[] v = new long[n];
                    b.asLongBuffer().get(v);
                    columns.add(ColumnData.ofLongs(d.name(), v));
                    break;
                }
                case F64: {
                    double[] v = new double[n];
                    b.asDoubleBuffer().get(v);
                    columns.add(ColumnData.ofDoubles(d.name(), v));
                    break;
                }
                default:
                    columns.add(ColumnData.ofPackedStrings(d.name(), b.array()));
            }
        }
        row += n;
        return Batch.of(columns);
    }

    private static ByteBuffer read(Path file, long fromRow, int rows) {
        ByteBuffer b = ByteBuffer.allocate(rows * Str8.WIDTH).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file)) {
            long pos = fromRow * Str8.WIDTH;
            while (b.hasRemaining()) {
                if (ch.read(b, pos + b.position()) < 0) {
                    throw new IOException("staged file ends after " + (pos + b.position()) + " bytes, "
                            + (fromRow + rows) * Str8.WIDTH + " expected");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading staged rows " + file, e);
        }
        b.flip();
        return b;
    }
}
