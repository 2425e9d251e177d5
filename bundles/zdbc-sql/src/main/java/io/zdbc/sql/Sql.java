package io.zdbc.sql;

import io.zdbc.api.Database;
import io.zdbc.api.query.LazyResult;
import io.zdbc.sql.impl.SqlCompiler;

/**
 * Compiles a SELECT to a lazy query on a database. Supported: a column list or {@code *};
 * aggregates sum, min, max, avg, count(*), vwap(price, volume), with AS aliases; WHERE with
 * AND, OR, NOT, comparisons, IN, BETWEEN; GROUP BY on i64/str columns; ORDER BY one output
 * column; LIMIT. Anything else is an {@link UnsupportedSqlException} naming the construct.
 * The answer follows SQL where the DSL has its own convention: the sum of no rows is null, and an
 * unaliased aggregate is named as written, in lower case ({@code avg(q)}, {@code count(*)}).
 */
public final class Sql {
    private Sql() {}

    public static LazyResult query(Database db, String sql) {
        return SqlCompiler.compile(db, sql);
    }
}
