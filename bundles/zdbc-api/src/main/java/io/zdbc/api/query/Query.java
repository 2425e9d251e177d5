package io.zdbc.api.query;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A lazy query over one table: each call returns a new query, nothing runs until
 * {@link LazyResult#collect()}. Obtain one with {@link io.zdbc.api.Database#table(String)}.
 */
@ProviderType
public interface Query {
    String table();

    /** Keeps rows matching {@code p}; a second {@code where} is ANDed with the first. */
    Query where(Predicate p);

    /** Projects these columns, in this order. */
    Query select(String... columns);

    /** Groups by these i64 or str columns; follow with {@link #agg}. */
    Query groupBy(String... keys);

    /** Several aggregates in one pass (per group after {@link #groupBy}). */
    LazyResult agg(Aggregate... aggregates);

    /** The selected rows of the projected columns (all columns without {@link #select}). */
    LazyResult rows();

    /** Sum of the one selected column. */
    LazyResult sum();

    LazyResult min();

    LazyResult max();

    LazyResult mean();

    /** Rows passing the filter; from metadata, without a scan, when there is no filter. */
    LazyResult count();

    /** Σ price·volume / Σ volume over the filtered rows. */
    LazyResult vwap(String price, String volume);

    /** The plan as an indented tree. */
    String explain();
}
