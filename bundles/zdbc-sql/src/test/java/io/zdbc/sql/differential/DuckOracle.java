package io.zdbc.sql.differential;

import io.zdbc.api.ColumnType;
import io.zdbc.api.Str8;
import io.zdbc.sql.differential.DiffQuery.Agg;
import io.zdbc.sql.differential.DiffQuery.And;
import io.zdbc.sql.differential.DiffQuery.Between;
import io.zdbc.sql.differential.DiffQuery.Cmp;
import io.zdbc.sql.differential.DiffQuery.In;
import io.zdbc.sql.differential.DiffQuery.Item;
import io.zdbc.sql.differential.DiffQuery.Not;
import io.zdbc.sql.differential.DiffQuery.Or;
import io.zdbc.sql.differential.DiffQuery.Pred;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a {@link DiffQuery} on DuckDB and derives the rows zdbc must answer: the DuckDB query is
 * written so that it encodes zdbc's rules ({@link Difference}), without ORDER BY or LIMIT, which
 * the comparison applies itself.
 */
final class DuckOracle {
    /** The expected rows for SQL and for the DSL, and the DuckDB text that produced them. */
    record Answer(List<Expect[]> sql, List<Expect[]> dsl, String duckSql) {}

    private final Connection duck;

    DuckOracle(Connection duck) {
        this.duck = duck;
    }

    Answer run(DiffQuery q) throws SQLException {
        return q.grouped() || q.aggregates() ? aggregates(q) : rows(q);
    }

    /** A projection: DuckDB names the matching rows, whose values are the table's. */
    private Answer rows(DiffQuery q) throws SQLException {
        String text =
                "SELECT list(rid) FROM " + q.table().duckName + (q.where() == null ? "" : " WHERE " + where(q.where()));
        List<Integer> columns = new ArrayList<>();
        for (String c : q.star()
                ? DiffTable.COLUMNS
                : q.items().stream().map(Item::column).toList()) {
            columns.add(DiffTable.COLUMNS.indexOf(c));
        }
        List<Expect[]> rows = new ArrayList<>();
        try (Statement st = duck.createStatement();
                ResultSet rs = st.executeQuery(text)) {
            rs.next();
            Array list = rs.getArray(1);
            if (list != null) {
                for (Object rid : (Object[]) list.getArray()) {
                    int r = ((Number) rid).intValue();
                    Expect[] row = new Expect[columns.size()];
                    for (int c = 0; c < row.length; c++) {
                        row[c] = q.table().cell(columns.get(c), r);
                    }
                    rows.add(row);
                }
            }
        }
        return new Answer(rows, rows, text);
    }

    private Answer aggregates(DiffQuery q) throws SQLException {
        List<String> exprs = new ArrayList<>();
        List<Function<Object[], Expect[]>> cells = new ArrayList<>();
        int count = slot(exprs, "count(*)");
        for (Item it : q.items()) {
            if (it.column() != null) {
                int i = slot(exprs, it.column());
                cells.add(row -> both(column(it.column(), row[i])));
            } else {
                cells.add(aggregate(exprs, it.agg(), count, q.grouped()));
            }
        }
        StringBuilder sb = new StringBuilder("SELECT ")
                .append(String.join(", ", exprs))
                .append(" FROM ")
                .append(q.table().duckName);
        if (q.where() != null) {
            sb.append(" WHERE ").append(where(q.where()));
        }
        if (q.grouped()) {
            sb.append(" GROUP BY ").append(String.join(", ", q.groupBy()));
        }
        String text = sb.toString();
        List<Expect[]> sql = new ArrayList<>();
        List<Expect[]> dsl = new ArrayList<>();
        try (Statement st = duck.createStatement();
                ResultSet rs = st.executeQuery(text)) {
            Object[] row = new Object[exprs.size()];
            while (rs.next()) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                Expect[] s = new Expect[cells.size()];
                Expect[] d = new Expect[cells.size()];
                for (int c = 0; c < s.length; c++) {
                    Expect[] e = cells.get(c).apply(row);
                    s[c] = e[0];
                    d[c] = e[1];
                }
                sql.add(s);
                dsl.add(d);
            }
        }
        return new Answer(sql, dsl, text);
    }

    private static int slot(List<String> exprs, String e) {
        int i = exprs.indexOf(e);
        if (i < 0) {
            exprs.add(e);
            i = exprs.size() - 1;
        }
        return i;
    }

    private static Expect[] both(Expect e) {
        return new Expect[] {e, e};
    }

    private static Expect column(String col, Object v) {
        switch (DiffTable.type(col)) {
            case I64:
                return Expect.exact(((Number) v).longValue());
            case F64:
                return Expect.exact(((Number) v).doubleValue());
            default:
                return Expect.exact(new Expect.Packed(Str8.pack((String) v)));
        }
    }

    private static long asLong(Object v) {
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static Double asDouble(Object v) {
        return v == null ? null : ((Number) v).doubleValue();
    }

    /** The slots of an f64 sum of {@code e} ({@link Expect#floatSum}). */
    private static int[] floatSumSlots(List<String> exprs, String e) {
        return new int[] {
            slot(exprs, "sum(" + e + ") FILTER (WHERE isfinite(" + e + "))"),
            slot(exprs, "sum(abs(" + e + ")) FILTER (WHERE isfinite(" + e + "))"),
            slot(exprs, "count(*) FILTER (WHERE isnan(" + e + "))"),
            slot(exprs, "count(*) FILTER (WHERE " + e + " = 'inf'::DOUBLE)"),
            slot(exprs, "count(*) FILTER (WHERE " + e + " = '-inf'::DOUBLE)"),
            slot(exprs, "count(*) FILTER (WHERE isfinite(" + e + "))")
        };
    }

    private static Expect floatSum(int[] s, Object[] row) {
        return Expect.floatSum(
                asDouble(row[s[0]]),
                asDouble(row[s[1]]),
                asLong(row[s[2]]),
                asLong(row[s[3]]),
                asLong(row[s[4]]),
                asLong(row[s[5]]));
    }

    /** An aggregate's expected value for SQL and for the DSL, from DuckDB slots. */
    private static Function<Object[], Expect[]> aggregate(List<String> exprs, Agg a, int count, boolean grouped) {
        boolean f64 = a.col() != null && DiffTable.type(a.col()) == ColumnType.F64;
        switch (a.fn()) {
            case "count":
                return row -> both(Expect.exact(asLong(row[count])));
            case "min":
            case "max":
                if (!f64) {
                    int i = slot(exprs, a.fn() + "(" + a.col() + ")");
                    return row -> both(row[count].equals(0L) ? Expect.exact(null) : Expect.exact(asLong(row[i])));
                }
                // Difference.MIN_MAX_SKIP_NAN: NaN only when every selected value is NaN.
                int m = slot(exprs, a.fn() + "(" + a.col() + ") FILTER (WHERE NOT isnan(" + a.col() + "))");
                return row -> both(
                        asLong(row[count]) == 0
                                ? Expect.exact(null)
                                : Expect.exact(row[m] == null ? Double.NaN : asDouble(row[m])));
            case "sum":
            case "avg":
                boolean avg = a.fn().equals("avg");
                if (!f64) {
                    int i = slot(exprs, "sum(" + a.col() + ")");
                    return row -> {
                        long n = asLong(row[count]);
                        // Difference.I64_SUM_WRAPS: DuckDB's exact sum, modulo 2^64.
                        long wrapped = row[i] == null ? 0 : new BigInteger(row[i].toString()).longValue();
                        if (avg) {
                            // Difference.I64_AVG_OF_WRAPPED_SUM
                            return both(n == 0 ? Expect.exact(null) : Expect.exact((double) wrapped / n));
                        }
                        // Difference.DSL_SUM_OF_NO_ROWS_IS_ZERO (without groups; a group has rows).
                        return new Expect[] {n == 0 ? Expect.exact(null) : Expect.exact(wrapped), Expect.exact(wrapped)
                        };
                    };
                }
                int[] s = floatSumSlots(exprs, a.col());
                return row -> {
                    long n = asLong(row[count]);
                    if (n == 0) {
                        return new Expect[] {Expect.exact(null), Expect.exact(avg ? null : 0.0)};
                    }
                    Expect sum = floatSum(s, row);
                    return both(avg ? sum.divide(n) : sum);
                };
            default:
                String p = "(" + a.col() + "::DOUBLE * " + a.col2() + "::DOUBLE)";
                int[] num = floatSumSlots(exprs, p);
                int[] den = floatSumSlots(exprs, a.col2() + "::DOUBLE");
                return row -> {
                    if (asLong(row[count]) == 0) {
                        return both(Expect.exact(null));
                    }
                    return both(Expect.quotient(floatSum(num, row), floatSum(den, row)));
                };
        }
    }

    // ---------------------------------------------------------------- WHERE in zdbc's rules

    static String where(Pred p) {
        if (p instanceof And a) {
            return "(" + where(a.l()) + " AND " + where(a.r()) + ")";
        }
        if (p instanceof Or o) {
            return "(" + where(o.l()) + " OR " + where(o.r()) + ")";
        }
        if (p instanceof Not n) {
            return "(NOT " + where(n.p()) + ")";
        }
        if (p instanceof Between b) {
            String x = between(b);
            return b.not() ? "(NOT " + x + ")" : x;
        }
        if (p instanceof In in) {
            String x = in(in);
            return in.not() ? "(NOT " + x + ")" : x;
        }
        Cmp c = (Cmp) p;
        return compare(c.col(), c.op().equals("<>") ? "!=" : c.op(), c.k());
    }

    private static String compare(String col, String op, Object k) {
        switch (DiffTable.type(col)) {
            case STR:
                return "(" + col + " " + op + " " + Render.duckStr(k) + ")";
            case F64:
                // Difference.NAN_COMPARES_FALSE: NaN matches != only.
                String x = "(" + col + " " + op + " " + duckDouble(k) + ")";
                return op.equals("!=") ? "(" + x + " OR isnan(" + col + "))" : "(" + x + " AND NOT isnan(" + col + "))";
            default:
                return i64Compare(col, op, k);
        }
    }

    /** An i64 column against a constant, exactly (a fraction is compared as the rational it is). */
    private static String i64Compare(String col, String op, Object k) {
        if (k instanceof Long) {
            return "(" + col + " " + op + " CAST('" + k + "' AS BIGINT))";
        }
        BigDecimal d = clamp(new BigDecimal((Double) k));
        BigInteger floor = d.setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
        if (d.compareTo(new BigDecimal(floor)) == 0) {
            return "(" + col + " " + op + " CAST('" + floor + "' AS HUGEINT))";
        }
        String f = "CAST('" + floor + "' AS HUGEINT)";
        switch (op) {
            case "=":
                return "FALSE";
            case "!=":
                return "TRUE";
            case "<":
            case "<=":
                return "(" + col + " <= " + f + ")";
            default:
                return "(" + col + " > " + f + ")";
        }
    }

    /** Beyond ±10^30 every i64 compares the same way, and HUGEINT holds the constant. */
    private static BigDecimal clamp(BigDecimal d) {
        BigDecimal lim = BigDecimal.TEN.pow(30);
        return d.compareTo(lim) > 0 ? lim : d.compareTo(lim.negate()) < 0 ? lim.negate() : d;
    }

    private static String duckDouble(Object k) {
        return k instanceof Long ? "CAST('" + k + "' AS BIGINT)" : "CAST('" + k + "' AS DOUBLE)";
    }

    private static String between(Between b) {
        switch (DiffTable.type(b.col())) {
            case STR:
                return "(" + b.col() + " BETWEEN " + Render.duckStr(b.lo()) + " AND " + Render.duckStr(b.hi()) + ")";
            case F64:
                return "(" + b.col() + " BETWEEN " + duckDouble(b.lo()) + " AND " + duckDouble(b.hi())
                        + " AND NOT isnan(" + b.col() + "))";
            default:
                return "(" + i64Compare(b.col(), ">=", b.lo()) + " AND " + i64Compare(b.col(), "<=", b.hi()) + ")";
        }
    }

    private static String in(In in) {
        List<String> vs = new ArrayList<>();
        ColumnType t = DiffTable.type(in.col());
        for (Object v : in.values()) {
            if (t == ColumnType.STR) {
                vs.add(Render.duckStr(v));
            } else if (t == ColumnType.F64) {
                vs.add(duckDouble(v));
            } else if (v instanceof Long) {
                vs.add("CAST('" + v + "' AS BIGINT)");
            } else {
                BigDecimal d = clamp(new BigDecimal((Double) v));
                if (d.stripTrailingZeros().scale() <= 0) {
                    vs.add("CAST('" + d.toBigIntegerExact() + "' AS HUGEINT)");
                }
            }
        }
        if (vs.isEmpty()) {
            return "FALSE";
        }
        String x = "(" + in.col() + " IN (" + String.join(", ", vs) + "))";
        return t == ColumnType.F64 ? "(" + x + " AND NOT isnan(" + in.col() + "))" : x;
    }
}
