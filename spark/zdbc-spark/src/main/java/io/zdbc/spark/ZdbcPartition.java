package io.zdbc.spark;

import java.util.List;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * Rows {@code [start, end)} of the pinned version of a table, and what to do with them.
 *
 * @param columns  the columns handed to Spark, in its order
 * @param identity the pinned version's column files (their names carry the generation), or null
 * @param limit    at most this many rows leave the partition (Spark applies the global limit)
 * @param aggregate the partial aggregates to compute instead of returning rows, or null
 */
record ZdbcPartition(
        ZdbcOptions options,
        List<String> columns,
        long version,
        long versionRows,
        List<String> identity,
        long start,
        long end,
        PushedFilter filter,
        long limit,
        AggregateSpec aggregate)
        implements InputPartition {}
