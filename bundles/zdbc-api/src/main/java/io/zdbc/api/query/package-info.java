/**
 * The lazy query DSL: build a tree of filters, projections and aggregates over one table;
 * {@link io.zdbc.api.query.LazyResult#collect()} runs it on the zero-copy columns with the kernels,
 * and caches the answer until the table commits a change.
 *
 * <pre>{@code
 * import static io.zdbc.api.query.Expressions.col;
 *
 * LazyResult r = db.table("trades")
 *         .where(col("sym").eq("AAPL").and(col("price").gt(15000)))
 *         .select("volume")
 *         .sum();
 * double total = r.collect().asDouble();
 * System.out.println(r.explain());
 * }</pre>
 */
@Export
@Version("2.0.0")
package io.zdbc.api.query;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
