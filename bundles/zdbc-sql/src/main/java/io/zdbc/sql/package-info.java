/**
 * SQL text queries: a SELECT subset compiled to the same plan as the query DSL.
 *
 * <pre>{@code
 * Result r = Sql.query(db, "SELECT sym, vwap(price, volume) FROM trades WHERE price > 15000 GROUP BY sym").collect();
 * }</pre>
 */
@Export
@Version("1.0.0")
package io.zdbc.sql;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
