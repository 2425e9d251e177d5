package io.zdbc.flight.impl;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.Database;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.TableInfo;
import io.zdbc.api.query.LazyResult;
import io.zdbc.api.query.Result;
import io.zdbc.sql.Sql;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs SQL text (the subset {@code zdbc sql} accepts) through the zdbc-sql compiler on the served
 * databases: the first database that has the query's table answers it. The last few compiled
 * queries are kept, so that a client's GetFlightInfo and the DoGet that follows (and a prepared
 * statement's calls) run the query once: a compiled query keeps its answer until the table commits.
 */
final class SqlRunner {
    /** A query's answer and the Arrow schema it is sent with. */
    record Answer(Result result, Schema schema) {}

    /** Compiled queries kept: each may hold its last answer. */
    static final int KEPT = 8;

    private record Compiled(Database db, LazyResult query) {}

    private final ServedDatabases databases;
    private final Map<String, Compiled> kept = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
            return size() > KEPT;
        }
    };

    SqlRunner(ServedDatabases databases) {
        this.databases = databases;
    }

    Answer run(String sql) {
        if (sql.isBlank()) {
            throw new IllegalArgumentException("the SQL ticket or command is empty");
        }
        Compiled c;
        synchronized (kept) {
            c = kept.get(sql);
        }
        if (c == null) {
            c = compile(sql);
            synchronized (kept) {
                kept.put(sql, c);
            }
        }
        Result r = c.query().collect();
        Database db = c.db();
        return new Answer(r, ArrowTypes.schema(r, column -> find(db, column)));
    }

    private Compiled compile(String sql) {
        List<String> names = databases.names();
        for (int i = 0; ; i++) {
            Database db = databases.database(names.get(i));
            try {
                LazyResult q = Sql.query(db, sql);
                q.collect(); // a table missing here may be in the next database
                return new Compiled(db, q);
            } catch (NoSuchTableException e) {
                if (i == names.size() - 1) {
                    throw e;
                }
            }
        }
    }

    /** A column of that name in any table of {@code db} (only for the type of an answer with no values). */
    private static ColumnDef find(Database db, String column) {
        for (String t : db.tables()) {
            try {
                TableInfo info = db.info(t);
                ColumnDef def = info.column(column);
                if (def != null) {
                    return def;
                }
            } catch (NoSuchTableException droppedMeanwhile) {
                // another table may have it
            }
        }
        return null;
    }
}
