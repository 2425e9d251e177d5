package io.zdbc.spark;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/** Rows are read as columnar batches over the mapped files; pushed aggregates as a few rows. */
final class ZdbcReaderFactory implements PartitionReaderFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean supportColumnarReads(InputPartition partition) {
        return ((ZdbcPartition) partition).aggregate() == null;
    }

    @Override
    public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
        return new ZdbcColumnarReader((ZdbcPartition) partition);
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        ZdbcPartition p = (ZdbcPartition) partition;
        if (p.aggregate() == null) {
            throw new UnsupportedOperationException("zdbc reads rows as columnar batches only");
        }
        return new ZdbcAggregateReader(p);
    }
}
