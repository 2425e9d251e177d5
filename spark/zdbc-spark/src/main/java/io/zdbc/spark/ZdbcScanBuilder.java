package io.zdbc.spark;

import io.zdbc.api.ColumnType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownAggregates;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.read.SupportsPushDownV2Filters;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Collects what Spark pushes down: the columns it needs, the filters zdbc evaluates, a limit, aggregates. */
final class ZdbcScanBuilder
        implements ScanBuilder,
                SupportsPushDownRequiredColumns,
                SupportsPushDownV2Filters,
                SupportsPushDownLimit,
                SupportsPushDownAggregates {
    private final ZdbcOptions options;
    private final Map<String, ColumnType> types = new LinkedHashMap<>();
    private StructType schema;
    private PushedFilter filter;
    private Predicate[] pushed = new Predicate[0];
    private long limit = Long.MAX_VALUE;
    private final long tableRows;
    private AggregateSpec aggregate;

    ZdbcScanBuilder(ZdbcOptions options, StructType schema, long tableRows) {
        this.options = options;
        this.schema = schema;
        this.tableRows = tableRows;
        for (StructField f : schema.fields()) {
            types.put(f.name(), Schemas.toZdbc(options.table(), f));
        }
    }

    @Override
    public void pruneColumns(StructType required) {
        this.schema = required;
    }

    @Override
    public Predicate[] pushPredicates(Predicate[] predicates) {
        FilterTranslator t = new FilterTranslator(types);
        List<Predicate> accepted = new ArrayList<>();
        List<Predicate> forSpark = new ArrayList<>();
        for (Predicate p : predicates) {
            PushedFilter f = t.translate(p);
            if (f == null) {
                forSpark.add(p);
                continue;
            }
            accepted.add(p);
            filter = filter == null ? f : new PushedFilter.Junction(filter, f, true);
            if (!f.exact()) {
                forSpark.add(p);
            }
        }
        pushed = accepted.toArray(new Predicate[0]);
        return forSpark.toArray(new Predicate[0]);
    }

    @Override
    public Predicate[] pushedPredicates() {
        return pushed.clone();
    }

    @Override
    public boolean pushLimit(int limit) {
        this.limit = limit;
        return true;
    }

    @Override
    public boolean isPartiallyPushed() {
        return true;
    }

    /**
     * Up to {@link ZdbcOptions#oneTaskAggregateRows} rows one task computes the whole answer, which
     * saves Spark's merge and its shuffle; larger tables are aggregated per partition and merged
     * by Spark (which then splits AVG into SUM and COUNT).
     */
    @Override
    public boolean supportCompletePushDown(Aggregation aggregation) {
        return tableRows <= options.oneTaskAggregateRows() && AggregateSpec.of(aggregation, types) != null;
    }

    @Override
    public boolean pushAggregation(Aggregation aggregation) {
        AggregateSpec spec = AggregateSpec.of(aggregation, types);
        aggregate = spec != null && supportCompletePushDown(aggregation) ? spec.completed() : spec;
        return aggregate != null;
    }

    @Override
    public Scan build() {
        return new ZdbcScan(options, schema, filter, limit, aggregate);
    }
}
