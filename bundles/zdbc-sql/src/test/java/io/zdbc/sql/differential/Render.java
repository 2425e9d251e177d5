package io.zdbc.sql.differential;

import static io.zdbc.api.query.Expressions.col;

import io.zdbc.api.ColumnType;
import io.zdbc.api.Database;
import io.zdbc.api.Str8;
import io.zdbc.api.query.Aggregate;
import io.zdbc.api.query.CompareOp;
import io.zdbc.api.query.LazyResult;
import io.zdbc.api.query.Predicate;
import io.zdbc.api.query.Query;
import io.zdbc.sql.differential.DiffQuery.Agg;
import io.zdbc.sql.differential.DiffQuery.And;
import io.zdbc.sql.differential.DiffQuery.Between;
import io.zdbc.sql.differential.DiffQuery.Cmp;
import io.zdbc.sql.differential.DiffQuery.In;
import io.zdbc.sql.differential.DiffQuery.Item;
import io.zdbc.sql.differential.DiffQuery.Not;
import io.zdbc.sql.differential.DiffQuery.Or;
import io.zdbc.sql.differential.DiffQuery.Pred;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A {@link DiffQuery} as zdbc SQL text and as a DSL query built directly. */
final class Render {
    private Render() {}

    // ---------------------------------------------------------------- zdbc SQL

    static String sql(DiffQuery q) {
        StringBuilder sb = new StringBuilder(kw(q, "SELECT "));
        if (q.star()) {
            sb.append('*');
        }
        for (int i = 0; i < q.items().size(); i++) {
            Item it = q.items().get(i);
            sb.append(i == 0 ? "" : ", ")
                    .append(it.column() != null ? it.column() : it.agg().sqlText());
            if (it.alias() != null) {
                sb.append(kw(q, " AS ")).append(it.alias());
            }
        }
        sb.append(kw(q, " FROM ")).append('"').append(q.table().name).append('"');
        if (q.where() != null) {
            sb.append(kw(q, " WHERE ")).append(pred(q, q.where()));
        }
        if (q.grouped()) {
            sb.append(kw(q, " GROUP BY ")).append(String.join(", ", q.groupBy()));
        }
        if (q.order() != null) {
            sb.append(kw(q, " ORDER BY "));
            if (q.star()) {
                sb.append(q.order().column());
            } else {
                Item it = q.items().get(q.order().item());
                sb.append(
                        q.order().byAlias()
                                ? it.alias()
                                : it.column() != null ? it.column() : it.agg().sqlText());
            }
            sb.append(q.order().desc() ? kw(q, " DESC") : q.upperKeywords() ? " ASC" : "");
        }
        if (q.limit() >= 0) {
            sb.append(kw(q, " LIMIT ")).append(q.limit());
        }
        return sb.toString();
    }

    private static String kw(DiffQuery q, String k) {
        return q.upperKeywords() ? k : k.toLowerCase(Locale.ROOT);
    }

    private static String pred(DiffQuery q, Pred p) {
        if (p instanceof And a) {
            return "(" + pred(q, a.l()) + kw(q, " AND ") + pred(q, a.r()) + ")";
        }
        if (p instanceof Or o) {
            return "(" + pred(q, o.l()) + kw(q, " OR ") + pred(q, o.r()) + ")";
        }
        if (p instanceof Not n) {
            return kw(q, "NOT ") + "(" + pred(q, n.p()) + ")";
        }
        if (p instanceof Between b) {
            return b.col()
                    + kw(q, b.not() ? " NOT BETWEEN " : " BETWEEN ")
                    + lit(b.lo())
                    + kw(q, " AND ")
                    + lit(b.hi());
        }
        if (p instanceof In in) {
            List<String> vs = new ArrayList<>();
            for (Object v : in.values()) {
                vs.add(lit(v));
            }
            return in.col() + kw(q, in.not() ? " NOT IN (" : " IN (") + String.join(", ", vs) + ")";
        }
        Cmp c = (Cmp) p;
        return c.constFirst()
                ? lit(c.k()) + " " + flip(c.op()) + " " + c.col()
                : c.col() + " " + c.op() + " " + lit(c.k());
    }

    static String lit(Object v) {
        if (v instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        return v.toString();
    }

    /** The operator with its sides swapped ({@code <} for {@code >}); = != <> stay. */
    static String flip(String op) {
        for (CompareOp c : CompareOp.values()) {
            if (c.symbol().equals(op)) {
                return c.flip().symbol();
            }
        }
        return op;
    }

    // ---------------------------------------------------------------- DSL

    /** The DSL column name of output {@code i}: the column itself, or the aggregate's alias {@code o<i>}. */
    static String dslName(DiffQuery q, int i) {
        Item it = q.items().get(i);
        return it.column() != null ? it.column() : "o" + i;
    }

    static LazyResult dsl(Database db, DiffQuery q) {
        Query query = db.table(q.table().name);
        if (q.where() != null) {
            query = query.where(predicate(q.where()));
        }
        List<Aggregate> aggs = new ArrayList<>();
        for (int i = 0; i < q.items().size(); i++) {
            Agg a = q.items().get(i).agg();
            if (a != null) {
                aggs.add(aggregate(a).as("o" + i));
            }
        }
        LazyResult r;
        if (q.grouped()) {
            if (aggs.isEmpty()) {
                aggs.add(Aggregate.count().as("hidden"));
            }
            r = query.groupBy(q.groupBy().toArray(new String[0])).agg(aggs.toArray(new Aggregate[0]));
        } else if (!aggs.isEmpty()) {
            r = query.agg(aggs.toArray(new Aggregate[0]));
        } else if (q.star()) {
            r = query.rows();
        } else {
            r = query.select(q.items().stream().map(Item::column).toArray(String[]::new))
                    .rows();
        }
        if (q.order() != null) {
            r = r.orderBy(
                    q.star() ? q.order().column() : dslName(q, q.order().item()),
                    q.order().desc());
        }
        return q.limit() >= 0 ? r.limit(q.limit()) : r;
    }

    private static Aggregate aggregate(Agg a) {
        switch (a.fn()) {
            case "sum":
                return Aggregate.sum(a.col());
            case "min":
                return Aggregate.min(a.col());
            case "max":
                return Aggregate.max(a.col());
            case "avg":
                return Aggregate.mean(a.col());
            case "count":
                return Aggregate.count();
            default:
                return Aggregate.vwap(a.col(), a.col2());
        }
    }

    static Predicate predicate(Pred p) {
        if (p instanceof And a) {
            return predicate(a.l()).and(predicate(a.r()));
        }
        if (p instanceof Or o) {
            return predicate(o.l()).or(predicate(o.r()));
        }
        if (p instanceof Not n) {
            return predicate(n.p()).not();
        }
        if (p instanceof Between b) {
            Predicate x = col(b.col()).between(b.lo(), b.hi());
            return b.not() ? x.not() : x;
        }
        if (p instanceof In in) {
            Predicate x = col(in.col()).in(in.values().toArray());
            return in.not() ? x.not() : x;
        }
        Cmp c = (Cmp) p;
        switch (c.op()) {
            case "=":
                return col(c.col()).eq(c.k());
            case "!=":
            case "<>":
                return col(c.col()).ne(c.k());
            case "<":
                return col(c.col()).lt(c.k());
            case "<=":
                return col(c.col()).le(c.k());
            case ">":
                return col(c.col()).gt(c.k());
            default:
                return col(c.col()).ge(c.k());
        }
    }

    /** A str constant as DuckDB compares it: trimmed and padded to 8 bytes, as zdbc packs it. */
    static String duckStr(Object v) {
        return "'" + DiffTable.padded(Str8.pack((String) v)).replace("'", "''") + "'";
    }

    static boolean isStr(String col) {
        return DiffTable.type(col) == ColumnType.STR;
    }
}
