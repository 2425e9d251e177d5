package io.zdbc.sql.differential;

import io.zdbc.api.query.Result;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares zdbc's answer with the expected rows: as multisets where the order is not
 * determined; the ORDER BY column position by position (ties may come in any order); with
 * LIMIT, only what is determined (the count, the ordered values, and that every row is one of
 * the expected rows, each used once).
 */
final class Comparison {
    private final DiffQuery q;
    private final List<Expect[]> expected;
    /** The ORDER BY column, or -1. */
    private final int o;
    /** Expected rows in zdbc's order by {@link #o}; null when unordered or when a value there is unchecked. */
    private List<Expect[]> sorted;

    private double orderTol;
    /** Which columns are exact in every expected row; those index the rows. */
    private final boolean[] exact;

    private final Map<List<Object>, List<Expect[]>> index = new HashMap<>();

    Comparison(DiffQuery q, List<Expect[]> expected) {
        this.q = q;
        this.expected = expected;
        this.o = q.order() == null
                ? -1
                : q.star()
                        ? DiffTable.COLUMNS.indexOf(q.order().column())
                        : q.order().item();
        int width = expected.isEmpty() ? 0 : expected.get(0).length;
        exact = new boolean[width];
        for (int c = 0; c < width; c++) {
            exact[c] = true;
            for (Expect[] e : expected) {
                exact[c] &= !e[c].any() && e[c].tol() == 0;
            }
        }
        for (Expect[] e : expected) {
            List<Object> key = new ArrayList<>();
            for (int c = 0; c < width; c++) {
                key.add(exact[c] ? normal(e[c].value()) : null);
            }
            index.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
        }
        if (o >= 0 && expected.stream().noneMatch(e -> e[o].any())) {
            for (Expect[] e : expected) {
                orderTol = Math.max(orderTol, e[o].tol());
            }
            sorted = new ArrayList<>(expected);
            Comparator<Expect[]> byValue = (x, y) -> compare(x[o].sortKey(), y[o].sortKey());
            sorted.sort(nullsLast(q.order().desc() ? byValue.reversed() : byValue));
        }
    }

    /** Null when zdbc's rows (columns already in output order) agree, else why not. */
    String check(List<Object[]> got) {
        int want = q.limit() < 0 ? expected.size() : (int) Math.min(q.limit(), expected.size());
        if (got.size() != want) {
            return got.size() + " rows, expected " + want + " (of " + expected.size() + " before LIMIT)";
        }
        if (sorted != null) {
            // Ties may come in any order: only the values of the ORDER BY column are determined.
            for (int i = 0; i < got.size(); i++) {
                Expect e = sorted.get(i)[o];
                if (!new Expect(e.value(), 3 * orderTol, false).matches(got.get(i)[o])) {
                    return "row " + i + " has " + show(got.get(i)[o]) + " in the ORDER BY column, expected " + e;
                }
            }
        }
        return members(got);
    }

    private Comparator<Expect[]> nullsLast(Comparator<Expect[]> c) {
        return (x, y) -> {
            Object a = x[o].sortKey();
            Object b = y[o].sortKey();
            if (a == null || b == null) {
                return a == null ? (b == null ? 0 : 1) : -1;
            }
            return c.compare(x, y);
        };
    }

    /** zdbc's order: i64 signed, f64 with NaN last and -0.0 = 0.0 (Difference.SIGNED_ZERO), str by unsigned bytes. */
    static int compare(Object a, Object b) {
        if (a == null || b == null) {
            return 0;
        }
        if (a instanceof Expect.Packed x && b instanceof Expect.Packed y) {
            return Long.compareUnsigned(Long.reverseBytes(x.raw()), Long.reverseBytes(y.raw()));
        }
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        double x = ((Number) a).doubleValue();
        double y = ((Number) b).doubleValue();
        return x == y ? 0 : Double.compare(x, y);
    }

    /**
     * Matches each zdbc row with a distinct expected row: rows whose exact columns agree form a
     * bucket; in it, a greedy pass (the most specific candidate first, so a wildcard is not used
     * up by a row that has its own) and, for rows it leaves over, augmenting paths (tolerances
     * overlap, so greedy alone can miss a matching that exists).
     */
    private String members(List<Object[]> got) {
        if (expected.isEmpty()) {
            return got.isEmpty() ? null : "a row " + show(got.get(0)) + " where none was expected";
        }
        Map<List<Object>, List<Integer>> buckets = new HashMap<>();
        for (int r = 0; r < got.size(); r++) {
            List<Object> key = new ArrayList<>();
            for (int c = 0; c < exact.length; c++) {
                key.add(exact[c] ? normal(Expect.canonical(got.get(r)[c])) : null);
            }
            buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<List<Object>, List<Integer>> b : buckets.entrySet()) {
            List<Expect[]> candidates = index.getOrDefault(b.getKey(), List.of());
            Matching m = new Matching(candidates, got, b.getValue());
            int r = m.unmatched();
            if (r >= 0) {
                Expect[] near = candidates.isEmpty() ? null : candidates.get(0);
                return "row " + r + " " + show(got.get(r)) + " is not among the expected rows ("
                        + (near == null ? "none has its exact columns" : "e.g. " + show(near)) + ")";
            }
        }
        return null;
    }

    /** A matching of zdbc rows to expected rows of one bucket. */
    private static final class Matching {
        private final List<Expect[]> candidates;
        private final List<Object[]> got;
        private final List<Integer> rows;
        private final int[] rowOf;
        private boolean[] visited;

        Matching(List<Expect[]> candidates, List<Object[]> got, List<Integer> rows) {
            this.candidates = candidates;
            this.got = got;
            this.rows = rows;
            this.rowOf = new int[candidates.size()];
            Arrays.fill(rowOf, -1);
        }

        /** The first zdbc row that cannot be matched, or -1. */
        int unmatched() {
            List<Integer> left = new ArrayList<>();
            int firstFree = 0;
            for (int i = 0; i < rows.size(); i++) {
                int best = -1;
                double loose = Double.POSITIVE_INFINITY;
                while (firstFree < rowOf.length && rowOf[firstFree] >= 0) {
                    firstFree++;
                }
                for (int c = firstFree; c < candidates.size() && loose > 0; c++) {
                    double l = looseness(candidates.get(c));
                    if (rowOf[c] < 0 && l < loose && matchesAll(candidates.get(c), got.get(rows.get(i)))) {
                        best = c;
                        loose = l;
                    }
                }
                if (best >= 0) {
                    rowOf[best] = i;
                } else {
                    left.add(i);
                }
            }
            for (int i : left) {
                visited = new boolean[candidates.size()];
                if (!augment(i)) {
                    return rows.get(i);
                }
            }
            return -1;
        }

        private boolean augment(int i) {
            for (int c = 0; c < candidates.size(); c++) {
                if (!visited[c] && matchesAll(candidates.get(c), got.get(rows.get(i)))) {
                    visited[c] = true;
                    if (rowOf[c] < 0 || augment(rowOf[c])) {
                        rowOf[c] = i;
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static double looseness(Expect[] e) {
        double l = 0;
        for (Expect x : e) {
            l += x.any() ? 1e300 : x.tol();
        }
        return l;
    }

    private static boolean matchesAll(Expect[] e, Object[] row) {
        for (int c = 0; c < e.length; c++) {
            if (!e[c].matches(row[c])) {
                return false;
            }
        }
        return true;
    }

    /** Doubles as a key: NaN one value, -0.0 as 0.0 (Difference.SIGNED_ZERO). */
    private static Object normal(Object v) {
        if (v instanceof Double d) {
            return d == 0 ? 0.0 : d.isNaN() ? Double.NaN : d;
        }
        return v;
    }

    static String show(Object[] row) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < row.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(show(row[i]));
        }
        return sb.append(']').toString();
    }

    private static String show(Object v) {
        return v instanceof String ? "'" + v + "'" : String.valueOf(v);
    }

    /** zdbc's rows with its columns picked in output order. */
    static List<Object[]> rows(Result r, int[] columns) {
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < r.rows(); i++) {
            Object[] row = new Object[columns.length];
            for (int c = 0; c < columns.length; c++) {
                row[c] = r.get(i, columns[c]);
            }
            out.add(row);
        }
        return out;
    }
}
