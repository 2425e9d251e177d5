package io.zdbc.soak;

import static io.zdbc.api.query.Expressions.col;

import io.zdbc.api.query.Predicate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A random row filter, kept as plain data so that it can be turned into a DSL predicate, SQL
 * text, and evaluated on heap values by the model, all from one description.
 */
abstract class Cond {
    private static final String[] WORDS = {"apple", "Zoë", "b,c", "b", "8bytes!!", "émile", "x y", "Ωmega", "zz"};
    private static final String[] OPS = {"=", "!=", "<", "<=", ">", ">="};

    abstract Predicate dsl();

    abstract String sql();

    abstract boolean test(Rows.Values v, int i);

    static Cond random(SplittableRandom rnd, long rows, int depth) {
        int pick = rnd.nextInt(depth > 0 ? 8 : 5);
        switch (pick) {
            case 0:
                return new Cmp("k", OPS[rnd.nextInt(OPS.length)],
                        rnd.nextInt(4) == 0 ? (Object) (rnd.nextInt(-8, 8) + 0.5) : (Object) (long) rnd.nextInt(-4, 5));
            case 1:
                return new Cmp("s", OPS[rnd.nextInt(OPS.length)], WORDS[rnd.nextInt(WORDS.length)]);
            case 2: {
                double lo = rnd.nextInt(-(1 << 19), 1 << 19) + 0.25 * rnd.nextInt(4);
                return new Between("x", lo, lo + rnd.nextInt(1 << 20));
            }
            case 3: {
                List<Object> in = new ArrayList<>();
                boolean words = rnd.nextBoolean();
                for (int i = 1 + rnd.nextInt(4); i > 0; i--) {
                    in.add(words ? WORDS[rnd.nextInt(WORDS.length)] : (Object) (long) rnd.nextInt(-4, 5));
                }
                return new In(words ? "s" : "k", in);
            }
            case 4:
                return new Cmp("row", OPS[rnd.nextInt(OPS.length)], rnd.nextLong(Math.max(1, rows + 2)));
            case 5:
                return new Bool(true, random(rnd, rows, depth - 1), random(rnd, rows, depth - 1));
            case 6:
                return new Bool(false, random(rnd, rows, depth - 1), random(rnd, rows, depth - 1));
            default:
                return new Not(random(rnd, rows, depth - 1));
        }
    }

    static String literal(Object v) {
        return v instanceof String ? "'" + ((String) v).replace("'", "''") + "'" : v.toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        return ((Comparable) a).compareTo(b);
    }

    private static final class Cmp extends Cond {
        final String column;
        final String op;
        final Object value;

        Cmp(String column, String op, Object value) {
            this.column = column;
            this.op = op;
            this.value = value;
        }

        @Override
        Predicate dsl() {
            switch (op) {
                case "=":
                    return col(column).eq(value);
                case "!=":
                    return col(column).ne(value);
                case "<":
                    return col(column).lt(value);
                case "<=":
                    return col(column).le(value);
                case ">":
                    return col(column).gt(value);
                default:
                    return col(column).ge(value);
            }
        }

        @Override
        String sql() {
            return "\"" + column + "\" " + op + " " + literal(value);
        }

        @Override
        boolean test(Rows.Values v, int i) {
            int c = compare(v.get(column, i), value);
            switch (op) {
                case "=":
                    return c == 0;
                case "!=":
                    return c != 0;
                case "<":
                    return c < 0;
                case "<=":
                    return c <= 0;
                case ">":
                    return c > 0;
                default:
                    return c >= 0;
            }
        }
    }

    private static final class Between extends Cond {
        final String column;
        final Object low;
        final Object high;

        Between(String column, Object low, Object high) {
            this.column = column;
            this.low = low;
            this.high = high;
        }

        @Override
        Predicate dsl() {
            return col(column).between(low, high);
        }

        @Override
        String sql() {
            return "\"" + column + "\" BETWEEN " + literal(low) + " AND " + literal(high);
        }

        @Override
        boolean test(Rows.Values v, int i) {
            Object x = v.get(column, i);
            return compare(x, low) >= 0 && compare(x, high) <= 0;
        }
    }

    private static final class In extends Cond {
        final String column;
        final List<Object> values;

        In(String column, List<Object> values) {
            this.column = column;
            this.values = values;
        }

        @Override
        Predicate dsl() {
            return col(column).in(values.toArray());
        }

        @Override
        String sql() {
            List<String> l = new ArrayList<>();
            values.forEach(x -> l.add(literal(x)));
            // Parenthesised: "c IN (...) AND ..." is the IN defect of issue 10, fixed by another change.
            return "(\"" + column + "\" IN (" + String.join(", ", l) + "))";
        }

        @Override
        boolean test(Rows.Values v, int i) {
            Object x = v.get(column, i);
            for (Object c : values) {
                if (compare(x, c) == 0) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class Bool extends Cond {
        final boolean and;
        final Cond a;
        final Cond b;

        Bool(boolean and, Cond a, Cond b) {
            this.and = and;
            this.a = a;
            this.b = b;
        }

        @Override
        Predicate dsl() {
            return and ? a.dsl().and(b.dsl()) : a.dsl().or(b.dsl());
        }

        @Override
        String sql() {
            return "(" + a.sql() + (and ? " AND " : " OR ") + b.sql() + ")";
        }

        @Override
        boolean test(Rows.Values v, int i) {
            return and ? a.test(v, i) && b.test(v, i) : a.test(v, i) || b.test(v, i);
        }
    }

    private static final class Not extends Cond {
        final Cond a;

        Not(Cond a) {
            this.a = a;
        }

        @Override
        Predicate dsl() {
            return a.dsl().not();
        }

        @Override
        String sql() {
            return "NOT (" + a.sql() + ")";
        }

        @Override
        boolean test(Rows.Values v, int i) {
            return !a.test(v, i);
        }
    }
}
