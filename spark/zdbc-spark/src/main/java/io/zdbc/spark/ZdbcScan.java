package io.zdbc.spark;

import io.zdbc.api.Database;
import io.zdbc.api.TableSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;

/**
 * A scan of one table: the version is pinned when Spark plans the partitions, which are row
 * ranges of that version; every task reads that version or fails ({@link PinnedVersion}).
 */
final class ZdbcScan implements Scan, Batch {
    private final ZdbcOptions options;
    private final StructType schema;
    private final PushedFilter filter;
    private final long limit;
    private final AggregateSpec aggregate;
    private InputPartition[] partitions;

    ZdbcScan(ZdbcOptions options, StructType schema, PushedFilter filter, long limit, AggregateSpec aggregate) {
        this.options = options;
        this.schema = aggregate == null ? schema : aggregate.schema();
        this.filter = filter;
        this.limit = limit;
        this.aggregate = aggregate;
    }

    @Override
    public StructType readSchema() {
        return schema;
    }

    @Override
    public String description() {
        return "zdbc " + options.registry() + " table '" + options.table() + "' columns "
                + Arrays.toString(schema.fieldNames())
                + " PushedFilters: [" + (filter == null ? "" : filter.toString()) + "]"
                + (limit < Long.MAX_VALUE ? " PushedLimit: " + limit : "")
                + (aggregate == null ? "" : " " + aggregate);
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public synchronized InputPartition[] planInputPartitions() {
        if (partitions == null) {
            partitions = plan();
        }
        return partitions;
    }

    private InputPartition[] plan() {
        Database db = Databases.readOnly(options.registry());
        long version;
        long rows;
        List<String> identity;
        try (TableSnapshot s = db.read(options.table(), List.of())) {
            version = s.version();
            rows = s.rows();
            identity = PinnedVersion.identity(s);
        }
        List<String> columns = aggregate == null ? List.of(schema.fieldNames()) : aggregate.columns();
        List<InputPartition> parts = new ArrayList<>();
        long per = aggregate != null && aggregate.complete ? Math.max(rows, 1) : options.rowsPerPartition();
        for (long start = 0; start < rows; start += per) {
            long end = Math.min(rows, start + per);
            parts.add(
                    new ZdbcPartition(options, columns, version, rows, identity, start, end, filter, limit, aggregate));
        }
        if (parts.isEmpty() && aggregate != null) { // an empty table still has a count (0) and a sum (null)
            parts.add(new ZdbcPartition(options, columns, version, rows, identity, 0, 0, filter, limit, aggregate));
        }
        return parts.toArray(new InputPartition[0]);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return new ZdbcReaderFactory();
    }
}
