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
import io.zdbc.sql.differential.DiffQuery.Order;
import io.zdbc.sql.differential.DiffQuery.Pred;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Random queries over the whole supported grammar (README, "Queries"). */
final class QueryGenerator {
    private static final String[] OPS = {"=", "!=", "<>", "<", "<=", ">", ">="};
    private static final String[] FNS = {"sum", "min", "max", "avg", "count", "vwap"};
    private static final String[] NUMERIC = {"a", "b", "f", "g"};
    private static final String[] KEYS = {"b", "s", "u", "b", "s", "u", "a"};
    /** Constants an i64 column meets beside its data: fractions, and doubles at and beyond the i64 range. */
    private static final double[] I64_DOUBLES = {
        0.5,
        -0.5,
        2.5,
        -2.5,
        1e19,
        -1e19,
        9.3e18,
        -9.3e18,
        9.21e18,
        -9.21e18,
        9.223372036854775807E18,
        -9.223372036854775808E18,
        1e300,
        -1e300,
        4503599627370496.5
    };

    private final List<DiffTable> tables;
    private final SplittableRandom rnd;

    QueryGenerator(List<DiffTable> tables, SplittableRandom rnd) {
        this.tables = tables;
        this.rnd = rnd;
    }

    DiffQuery next() {
        DiffTable t = tables.get(rnd.nextInt(tables.size()));
        Pred where = rnd.nextInt(4) == 0 ? null : pred(t, rnd.nextInt(4));
        int shape = rnd.nextInt(20);
        List<Item> items = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        boolean star = false;
        if (shape < 8) {
            int n = 1 + rnd.nextInt(4);
            for (int i = 0; i < n; i++) {
                items.add(new Item(null, agg(), alias(i)));
            }
        } else if (shape < 15) {
            keys.add(pick(KEYS));
            if (rnd.nextBoolean()) {
                String k = pick(KEYS);
                if (!keys.contains(k)) {
                    keys.add(k);
                }
            }
            for (String k : keys) {
                if (rnd.nextInt(4) != 0) {
                    items.add(new Item(k, null, alias(items.size())));
                }
            }
            int n = rnd.nextInt(items.isEmpty() ? 1 : 0, 4);
            for (int i = 0; i < n; i++) {
                items.add(rnd.nextInt(items.size() + 1), new Item(null, agg(), alias(items.size())));
            }
        } else {
            star = rnd.nextInt(3) == 0;
            if (!star) {
                List<String> cols = new ArrayList<>(DiffTable.COLUMNS);
                int n = 1 + rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    items.add(new Item(cols.remove(rnd.nextInt(cols.size())), null, alias(i)));
                }
            }
        }
        Order order = null;
        if (rnd.nextInt(5) < 3) {
            if (star) {
                order = new Order(-1, pick(DiffTable.COLUMNS.toArray(new String[0])), rnd.nextBoolean(), false);
            } else {
                int i = rnd.nextInt(items.size());
                order = new Order(i, null, rnd.nextBoolean(), items.get(i).alias() != null && rnd.nextBoolean());
            }
        }
        long limit = -1;
        boolean rowsOut = shape >= 15;
        if (rnd.nextBoolean() || rowsOut && t.rows > 1023) {
            limit = rnd.nextInt(8) == 0 ? 0 : rnd.nextInt(1, rnd.nextBoolean() ? 5 : 300);
        }
        return new DiffQuery(t, star, items, where, keys, order, limit, rnd.nextBoolean());
    }

    private String alias(int i) {
        return rnd.nextInt(4) == 0 ? "x" + i : null;
    }

    private Agg agg() {
        String fn = pick(FNS);
        String spelled = rnd.nextInt(3) == 0 ? fn.toUpperCase(Locale.ROOT) : fn;
        switch (fn) {
            case "count":
                return new Agg(
                        fn, spelled, rnd.nextInt(5) == 0 ? pick(DiffTable.COLUMNS.toArray(new String[0])) : null, null);
            case "vwap":
                return new Agg(fn, spelled, pick(NUMERIC), pick(NUMERIC));
            default:
                return new Agg(fn, spelled, pick(NUMERIC), null);
        }
    }

    private Pred pred(DiffTable t, int depth) {
        if (depth > 0 && rnd.nextInt(3) != 0) {
            switch (rnd.nextInt(3)) {
                case 0:
                    return new And(pred(t, depth - 1), pred(t, depth - 1));
                case 1:
                    return new Or(pred(t, depth - 1), pred(t, depth - 1));
                default:
                    return new Not(pred(t, depth - 1));
            }
        }
        String col = pick(DiffTable.COLUMNS.toArray(new String[0]));
        switch (rnd.nextInt(6)) {
            case 0:
                return new Between(col, constant(t, col), constant(t, col), rnd.nextBoolean());
            case 1:
            case 2:
                List<Object> values = new ArrayList<>();
                int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 8);
                for (int i = 0; i < n; i++) {
                    values.add(constant(t, col));
                }
                return new In(col, values, rnd.nextInt(3) == 0);
            default:
                return new Cmp(col, pick(OPS), constant(t, col), rnd.nextInt(4) == 0);
        }
    }

    /** A constant for {@code col}: often one of its values, else the edges of its type. */
    private Object constant(DiffTable t, String col) {
        ColumnType type = DiffTable.type(col);
        Object data = t.data[DiffTable.COLUMNS.indexOf(col)];
        boolean fromData = t.rows > 0 && rnd.nextInt(2) == 0;
        int row = t.rows > 0 ? rnd.nextInt(t.rows) : 0;
        switch (type) {
            case I64:
                if (fromData) {
                    long v = ((long[]) data)[row];
                    return rnd.nextInt(4) == 0 && Math.abs(v) < (1L << 52)
                            ? v + (rnd.nextBoolean() ? 0.5 : -0.5)
                            : (Object) v;
                }
                switch (rnd.nextInt(4)) {
                    case 0:
                        return (long) rnd.nextInt(-4, 5);
                    case 1:
                        return DiffTable.I64_EDGES[rnd.nextInt(DiffTable.I64_EDGES.length)];
                    case 2:
                        return I64_DOUBLES[rnd.nextInt(I64_DOUBLES.length)];
                    default:
                        return rnd.nextInt(-8, 9) / 4.0;
                }
            case F64:
                if (fromData) {
                    double v = ((double[]) data)[row];
                    return Double.isFinite(v) ? v : 0.5;
                }
                switch (rnd.nextInt(4)) {
                    case 0:
                        return (long) rnd.nextInt(-4, 5);
                    case 1:
                        return DiffTable.I64_EDGES[rnd.nextInt(DiffTable.I64_EDGES.length)];
                    case 2:
                        double e = DiffTable.F64_EDGES[rnd.nextInt(DiffTable.F64_EDGES.length)];
                        return Double.isFinite(e) ? e : -0.0;
                    default:
                        return rnd.nextInt(-8, 9) / 2.0;
                }
            default:
                if (fromData) {
                    return Str8.decode(((long[]) data)[row]);
                }
                return DiffTable.STRS[rnd.nextInt(DiffTable.STRS.length)];
        }
    }

    private String pick(String[] from) {
        return from[rnd.nextInt(from.length)];
    }
}
