package io.zdbc.soak;

import io.zdbc.api.Database;
import io.zdbc.api.query.Aggregate;
import io.zdbc.api.query.LazyResult;
import io.zdbc.api.query.Query;
import io.zdbc.api.query.Result;
import io.zdbc.sql.Sql;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One random query (count, aggregates, group-by, filtered rows) over a table, as DSL and as SQL,
 * with the answer the model computes from a table's heap values.
 */
final class Probe {
    /** An aggregate of the model: its function, column, and the name given to its answer. */
    private record Agg(Aggregate.Fn fn, String column, String alias) {}

    /** A probe with its DSL and SQL queries, kept to be collected again after later commits. */
    record Held(Probe probe, LazyResult dsl, LazyResult sql) {}

    private final String table;
    private final Cond where;
    private final List<String> keys;
    private final List<Agg> aggs;
    private final List<String> select;
    private final String orderBy;
    private final boolean descending;
    private final long limit;
    final String kind;

    private Probe(
            String table,
            String kind,
            Cond where,
            List<String> keys,
            List<Agg> aggs,
            List<String> select,
            String orderBy,
            boolean descending,
            long limit) {
        this.table = table;
        this.kind = kind;
        this.where = where;
        this.keys = keys;
        this.aggs = aggs;
        this.select = select;
        this.orderBy = orderBy;
        this.descending = descending;
        this.limit = limit;
    }

    static Probe random(String table, SplittableRandom rnd, long rows) {
        Cond where = rnd.nextInt(5) == 0 ? null : Cond.random(rnd, rows, rnd.nextInt(3));
        switch (rnd.nextInt(4)) {
            case 0:
                return new Probe(
                        table,
                        where == null ? "count-metadata" : "count",
                        where,
                        List.of(),
                        List.of(new Agg(Aggregate.Fn.COUNT, null, "c")),
                        List.of(),
                        null,
                        false,
                        -1);
            case 1: {
                List<Agg> aggs = new ArrayList<>();
                Aggregate.Fn[] fns = {
                    Aggregate.Fn.SUM,
                    Aggregate.Fn.MIN,
                    Aggregate.Fn.MAX,
                    Aggregate.Fn.MEAN,
                    Aggregate.Fn.COUNT,
                    Aggregate.Fn.VWAP
                };
                for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
                    Aggregate.Fn fn = fns[rnd.nextInt(fns.length)];
                    String c = fn == Aggregate.Fn.COUNT
                            ? null
                            : fn == Aggregate.Fn.VWAP ? "x" : rnd.nextBoolean() ? "k" : "x";
                    // Each aggregate once: SQL gives a repeated one the last alias (see docs/TESTING.md).
                    if (aggs.stream().noneMatch(a -> a.fn == fn && Objects.equals(a.column, c))) {
                        aggs.add(new Agg(fn, c, "a" + aggs.size()));
                    }
                }
                return new Probe(table, "aggregate", where, List.of(), aggs, List.of(), null, false, -1);
            }
            case 2: {
                List<String> keys = rnd.nextInt(3) == 0 ? List.of("k", "s") : List.of(rnd.nextBoolean() ? "k" : "s");
                List<Agg> aggs = List.of(
                        new Agg(Aggregate.Fn.COUNT, null, "c"),
                        new Agg(Aggregate.Fn.SUM, "x", "sx"),
                        new Agg(Aggregate.Fn.MAX, "row", "mr"));
                boolean ordered = rnd.nextBoolean();
                return new Probe(
                        table,
                        "group-by",
                        where,
                        keys,
                        aggs,
                        List.of(),
                        ordered ? "mr" : null,
                        rnd.nextBoolean(),
                        ordered && rnd.nextBoolean() ? 1 + rnd.nextInt(5) : -1);
            }
            default: {
                boolean ordered = rnd.nextBoolean();
                return new Probe(
                        table,
                        "filter",
                        where,
                        List.of(),
                        List.of(),
                        List.of("row", "x", "s"),
                        ordered ? "row" : null,
                        rnd.nextBoolean(),
                        rnd.nextInt(3) == 0 ? 200 : 20 + rnd.nextInt(50));
            }
        }
    }

    LazyResult dsl(Database db) {
        Query q = db.table(table);
        if (where != null) {
            q = q.where(where.dsl());
        }
        LazyResult r;
        if (!select.isEmpty()) {
            r = q.select(select.toArray(new String[0])).rows();
        } else if (kind.startsWith("count") && plainCount()) {
            r = q.count();
        } else {
            Aggregate[] a = new Aggregate[aggs.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = aggregate(aggs.get(i));
            }
            r = keys.isEmpty()
                    ? q.agg(a)
                    : q.groupBy(keys.toArray(new String[0])).agg(a);
        }
        if (orderBy != null) {
            r = r.orderBy(orderBy, descending);
        }
        return limit >= 0 ? r.limit(limit) : r;
    }

    /** Half of the counts use {@code count()}, which names its answer {@code count(*)}; half an alias. */
    private boolean plainCount() {
        return (table.hashCode() ^ (where == null ? 0 : where.sql().hashCode())) % 2 == 0;
    }

    private static Aggregate aggregate(Agg a) {
        switch (a.fn) {
            case SUM:
                return Aggregate.sum(a.column).as(a.alias);
            case MIN:
                return Aggregate.min(a.column).as(a.alias);
            case MAX:
                return Aggregate.max(a.column).as(a.alias);
            case MEAN:
                return Aggregate.mean(a.column).as(a.alias);
            case VWAP:
                return Aggregate.vwap(a.column, "row").as(a.alias);
            default:
                return Aggregate.count().as(a.alias);
        }
    }

    LazyResult sql(Database db) {
        return Sql.query(db, sqlText());
    }

    String sqlText() {
        List<String> items = new ArrayList<>();
        keys.forEach(k -> items.add("\"" + k + "\""));
        select.forEach(c -> items.add("\"" + c + "\""));
        for (Agg a : aggs) {
            String f = a.fn == Aggregate.Fn.MEAN ? "avg" : a.fn.name().toLowerCase(Locale.ROOT);
            String arg = a.fn == Aggregate.Fn.COUNT
                    ? "*"
                    : a.fn == Aggregate.Fn.VWAP ? "\"x\", \"row\"" : "\"" + a.column + "\"";
            items.add(f + "(" + arg + ") AS " + a.alias);
        }
        StringBuilder sb = new StringBuilder("SELECT ")
                .append(String.join(", ", items))
                .append(" FROM \"")
                .append(table)
                .append('"');
        if (where != null) {
            sb.append(" WHERE ").append(where.sql());
        }
        if (!keys.isEmpty()) {
            sb.append(" GROUP BY ")
                    .append(String.join(
                            ", ", keys.stream().map(k -> "\"" + k + "\"").toList()));
        }
        if (orderBy != null) {
            sb.append(" ORDER BY \"").append(orderBy).append(descending ? "\" DESC" : "\"");
        }
        if (limit >= 0) {
            sb.append(" LIMIT ").append(limit);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return sqlText();
    }

    /**
     * Null if {@code r} is what the query answers on {@code v}, else what differs. For SQL, sums
     * of no rows are not compared: SQL's NULL there is another change's business.
     */
    String mismatch(Result r, Rows.Values v, boolean sql) {
        List<String> names = new ArrayList<>(keys);
        names.addAll(select);
        aggs.forEach(a -> names.add(a.alias));
        if (!sql && kind.startsWith("count") && plainCount()) {
            names.set(0, "count(*)");
        }
        if (!r.names().equals(names)) {
            return "columns " + r.names() + ", expected " + names;
        }
        List<Object[]> want = expected(v);
        if (r.rows() != want.size()) {
            return r.rows() + " rows, expected " + want.size() + ": " + shorten(r.toString());
        }
        for (int i = 0; i < want.size(); i++) {
            for (int c = 0; c < names.size(); c++) {
                Object got = r.get(i, c);
                Object exp = want.get(i)[c];
                int a = c - keys.size() - select.size();
                Aggregate.Fn fn = a >= 0 ? aggs.get(a).fn : null;
                if (sql
                        && fn == Aggregate.Fn.SUM
                        && keys.isEmpty()
                        && ((Number) want.get(i)[names.size()]).longValue() == 0) {
                    continue;
                }
                boolean approx = fn == Aggregate.Fn.MEAN || fn == Aggregate.Fn.VWAP;
                if (!same(got, exp, approx)) {
                    return "row " + i + " column " + names.get(c) + ": " + got + ", expected " + exp;
                }
            }
        }
        return null;
    }

    private static String shorten(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static boolean same(Object got, Object exp, boolean approx) {
        if (got == null || exp == null) {
            return got == exp;
        }
        if (exp instanceof Double) {
            if (!(got instanceof Double)) {
                return false;
            }
            double g = (Double) got;
            double e = (Double) exp;
            if (Double.isNaN(e) || Double.isNaN(g)) {
                return Double.isNaN(e) && Double.isNaN(g);
            }
            return approx ? Math.abs(g - e) <= 1e-9 * Math.max(1, Math.abs(e)) : g == e;
        }
        return exp.equals(got);
    }

    /** The answer's rows, each with one extra cell at the end: the number of rows it aggregates. */
    private List<Object[]> expected(Rows.Values v) {
        List<Integer> sel = new ArrayList<>();
        for (int i = 0; i < v.rows(); i++) {
            if (where == null || where.test(v, i)) {
                sel.add(i);
            }
        }
        List<Object[]> out = new ArrayList<>();
        if (!select.isEmpty()) {
            for (int i : sel) {
                out.add(new Object[] {v.row[i], v.x[i], v.s[i], 1L});
            }
        } else if (keys.isEmpty()) {
            out.add(aggregateRow(v, sel, new Object[0]));
        } else {
            Map<List<Object>, List<Integer>> groups = new TreeMap<>(Probe::compareKeys);
            for (int i : sel) {
                List<Object> key = new ArrayList<>();
                keys.forEach(k -> key.add(v.get(k, i)));
                groups.computeIfAbsent(key, x -> new ArrayList<>()).add(i);
            }
            groups.forEach((key, rows) -> out.add(aggregateRow(v, rows, key.toArray())));
        }
        if (orderBy != null) {
            List<String> names = new ArrayList<>(keys);
            names.addAll(select);
            aggs.forEach(a -> names.add(a.alias));
            int c = names.indexOf(orderBy);
            Comparator<Object[]> cmp = (a, b) -> Cond.compare(a[c], b[c]);
            out.sort(descending ? cmp.reversed() : cmp); // stable, as the engine's sort
        }
        return limit >= 0 && out.size() > limit ? new ArrayList<>(out.subList(0, (int) limit)) : out;
    }

    private static int compareKeys(List<Object> a, List<Object> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = Cond.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private Object[] aggregateRow(Rows.Values v, List<Integer> rows, Object[] key) {
        Object[] row = Arrays.copyOf(key, key.length + aggs.size() + 1);
        for (int a = 0; a < aggs.size(); a++) {
            row[key.length + a] = aggregate(aggs.get(a), v, rows);
        }
        row[row.length - 1] = (long) rows.size();
        return row;
    }

    private static Object aggregate(Agg a, Rows.Values v, List<Integer> rows) {
        boolean f64 = "x".equals(a.column);
        switch (a.fn) {
            case COUNT:
                return (long) rows.size();
            case SUM: {
                long ls = 0;
                double ds = 0;
                for (int i : rows) {
                    ls += f64 ? 0 : ((Number) v.get(a.column, i)).longValue();
                    ds += f64 ? v.x[i] : 0;
                }
                return f64 ? (Object) ds : (Object) ls;
            }
            case MIN:
            case MAX: {
                Object best = null;
                for (int i : rows) {
                    Object x = v.get(a.column, i);
                    int c = best == null ? 0 : Cond.compare(x, best);
                    if (best == null || (a.fn == Aggregate.Fn.MIN ? c < 0 : c > 0)) {
                        best = x;
                    }
                }
                return best;
            }
            case MEAN: {
                double s = 0;
                for (int i : rows) {
                    s += ((Number) v.get(a.column, i)).doubleValue();
                }
                return rows.isEmpty() ? null : (Object) (s / rows.size());
            }
            default: {
                double pv = 0;
                double vol = 0;
                for (int i : rows) {
                    pv += v.x[i] * v.row[i];
                    vol += v.row[i];
                }
                return rows.isEmpty() ? null : (Object) (pv / vol); // NaN where Σ volume is 0, as documented
            }
        }
    }
}
