package io.zdbc.spark;

import io.zdbc.api.ColumnView;
import io.zdbc.api.TableSnapshot;
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Selection;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads one partition as columnar batches whose vectors read the mapped column files. A pushed
 * filter is evaluated once for the whole partition by the kernels; batches then list the
 * selected rows.
 */
final class ZdbcColumnarReader implements PartitionReader<ColumnarBatch> {
    private final ZdbcPartition part;
    private final TableSnapshot snapshot;
    private final ZdbcColumnVector[] vectors;
    private final ColumnarBatch batch;
    private final Selection selection;
    private final int batchRows;
    private final int[] offsets;
    private long cursor;
    private long left;

    ZdbcColumnarReader(ZdbcPartition part) {
        this.part = part;
        this.snapshot = PinnedVersion.open(part);
        try {
            vectors = new ZdbcColumnVector[part.columns().size()];
            for (int i = 0; i < vectors.length; i++) {
                vectors[i] = new ZdbcColumnVector(snapshot.column(part.columns().get(i)));
            }
            batch = new ColumnarBatch(vectors, 0);
            ScanCounters.partition(snapshot.columns().size());
            long len = part.end() - part.start();
            if (part.filter() != null) {
                Map<String, ColumnMemory> memory = new HashMap<>();
                for (ColumnView v : snapshot.columns()) {
                    memory.put(v.name(), new RangeMemory(v, part.start(), len));
                }
                selection = part.filter().select(KernelsHolder.get(), memory, len);
                ScanCounters.filtered(len);
            } else {
                selection = null;
            }
        } catch (RuntimeException e) {
            snapshot.close();
            throw e;
        }
        batchRows = part.options().batchRows();
        offsets = selection == null ? null : new int[batchRows];
        cursor = 0;
        left = part.limit();
    }

    @Override
    public boolean next() {
        long len = part.end() - part.start();
        if (left <= 0 || cursor >= len) {
            return false;
        }
        int n;
        if (selection == null) {
            n = (int) Math.min(Math.min(batchRows, len - cursor), left);
            for (ZdbcColumnVector v : vectors) {
                v.position(part.start() + cursor, null);
            }
            cursor += n;
        } else {
            // Offsets are relative to a base row so that they fit an int whatever the partition size.
            long base = selection.next(cursor);
            if (base < 0) {
                cursor = len;
                return false;
            }
            int max = (int) Math.min(batchRows, left);
            n = 0;
            long r = base;
            while (r >= 0 && n < max && r - base < Integer.MAX_VALUE) {
                offsets[n++] = (int) (r - base);
                r = selection.next(r + 1);
            }
            cursor = r < 0 ? len : r;
            for (ZdbcColumnVector v : vectors) {
                v.position(part.start() + base, offsets);
            }
        }
        left -= n;
        batch.setNumRows(n);
        ScanCounters.returned(n);
        return true;
    }

    @Override
    public ColumnarBatch get() {
        return batch;
    }

    @Override
    public void close() {
        snapshot.close();
    }
}
