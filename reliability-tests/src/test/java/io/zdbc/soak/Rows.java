package io.zdbc.soak;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Str8;
import io.zdbc.api.TableSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Self-describing rows: every table is a list of segments (gen, n), one per commit that wrote
 * rows, and row i of a segment holds gen, row = i, and k, x, s derived from (gen, i, seed). Any
 * snapshot can so be checked row by row, and named by its segments, without knowing which
 * version it should be.
 */
final class Rows {
    static final List<ColumnDef> COLUMNS = List.of(
            ColumnDef.of("gen", ColumnType.I64),
            ColumnDef.of("row", ColumnType.I64),
            ColumnDef.of("k", ColumnType.I64),
            ColumnDef.of("x", ColumnType.F64),
            ColumnDef.of("s", ColumnType.STR));

    /** Strings a CSV import reads back as text: quotes, commas, non-ASCII, exactly 8 bytes. */
    private static final String[] WORDS = {"apple", "Zoë", "b,c", "q\"uote", "8bytes!!", "émile", "x y", "Ωmega"};

    /** The state of a table that does not exist. */
    static final String ABSENT = "absent";

    private final long seed;

    Rows(long seed) {
        this.seed = seed;
    }

    private long hash(long gen, long row) {
        long h = seed ^ (gen * 0x9E3779B97F4A7C15L) ^ (row * 0xC2B2AE3D27D4EB4FL);
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 29);
    }

    long k(long gen, long row) {
        return Math.floorMod(hash(gen, row), 7) - 3;
    }

    /** Multiples of 0.25 below 2^19 in magnitude: any sum of a million of them is exact in a double. */
    double x(long gen, long row) {
        long h = hash(gen, row);
        return (Math.floorMod(h >>> 8, 1 << 20) - (1 << 19)) + 0.25 * Math.floorMod(h >>> 40, 4);
    }

    String s(long gen, long row) {
        return WORDS[(int) Math.floorMod(hash(gen, row) >>> 50, WORDS.length)];
    }

    /** Rows [first, first + n) of a segment written by commit {@code gen}. */
    Batch batch(long gen, long first, int n) {
        long[] g = new long[n];
        long[] r = new long[n];
        long[] k = new long[n];
        double[] x = new double[n];
        String[] s = new String[n];
        for (int i = 0; i < n; i++) {
            long row = first + i;
            g[i] = gen;
            r[i] = row;
            k[i] = k(gen, row);
            x[i] = x(gen, row);
            s[i] = s(gen, row);
        }
        return Batch.builder()
                .i64("gen", g)
                .i64("row", r)
                .i64("k", k)
                .f64("x", x)
                .str("s", s)
                .build();
    }

    /** The segments of a snapshot, after checking that every row of every column describes itself. */
    List<long[]> segments(TableSnapshot snap) {
        long n = snap.rows();
        long[] g = snap.column("gen").toLongArray();
        long[] r = snap.column("row").toLongArray();
        long[] k = snap.column("k").toLongArray();
        double[] x = snap.column("x").toDoubleArray();
        String[] s = snap.column("s").toStringArray();
        if (g.length != n || r.length != n || k.length != n || x.length != n || s.length != n) {
            throw new AssertionError(snap.table() + ": columns of " + g.length + ", " + r.length + ", " + k.length
                    + ", " + x.length + ", " + s.length + " rows in a snapshot of " + n);
        }
        List<long[]> segs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (r[i] != i || k[i] != k(g[i], i) || Double.compare(x[i], x(g[i], i)) != 0 || !s[i].equals(s(g[i], i))) {
                throw new AssertionError(snap.table() + " version " + snap.version() + ": row " + i + " of " + n
                        + " is torn: gen=" + g[i] + " row=" + r[i] + " k=" + k[i] + " x=" + x[i] + " s=" + s[i]);
            }
            if (segs.isEmpty() || segs.get(segs.size() - 1)[0] != g[i]) {
                if (!segs.isEmpty() && segs.get(segs.size() - 1)[0] > g[i]) {
                    throw new AssertionError(snap.table() + ": segment of commit " + g[i] + " after one of "
                            + segs.get(segs.size() - 1)[0] + " at row " + i);
                }
                segs.add(new long[] {g[i], 0});
            }
            segs.get(segs.size() - 1)[1]++;
        }
        return segs;
    }

    static String show(List<long[]> segs) {
        if (segs == null) {
            return ABSENT;
        }
        StringBuilder sb = new StringBuilder("[");
        for (long[] seg : segs) {
            sb.append(sb.length() > 1 ? "," : "").append(seg[0]).append('x').append(seg[1]);
        }
        return sb.append(']').toString();
    }

    static List<long[]> parse(String state) {
        if (state.equals(ABSENT)) {
            return null;
        }
        List<long[]> segs = new ArrayList<>();
        String body = state.substring(1, state.length() - 1);
        if (!body.isEmpty()) {
            for (String part : body.split(",")) {
                int x = part.indexOf('x');
                segs.add(new long[] {Long.parseLong(part.substring(0, x)), Long.parseLong(part.substring(x + 1))});
            }
        }
        return segs;
    }

    static long rows(List<long[]> segs) {
        long n = 0;
        for (long[] seg : segs) {
            n += seg[1];
        }
        return n;
    }

    /** The values of a table in that state, on the heap, for computing what a query must answer. */
    Values values(List<long[]> segs) {
        int n = (int) rows(segs);
        Values v = new Values(n);
        int i = 0;
        for (long[] seg : segs) {
            for (long j = 0; j < seg[1]; j++, i++) {
                v.gen[i] = seg[0];
                v.row[i] = i;
                v.k[i] = k(seg[0], i);
                v.x[i] = x(seg[0], i);
                v.s[i] = Str8.decode(Str8.encode(s(seg[0], i)), 0);
            }
        }
        return v;
    }

    /** A table's columns on the heap. */
    static final class Values {
        final long[] gen;
        final long[] row;
        final long[] k;
        final double[] x;
        final String[] s;

        Values(int n) {
            gen = new long[n];
            row = new long[n];
            k = new long[n];
            x = new double[n];
            s = new String[n];
        }

        int rows() {
            return gen.length;
        }

        /** The value of a column at a row, boxed as a query result holds it. */
        Object get(String column, int i) {
            switch (column) {
                case "gen":
                    return gen[i];
                case "row":
                    return row[i];
                case "k":
                    return k[i];
                case "x":
                    return x[i];
                default:
                    return s[i];
            }
        }
    }
}
