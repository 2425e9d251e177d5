package io.zdbc.soak;

import static io.zdbc.api.query.Expressions.col;

import io.zdbc.api.query.Predicate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A random row filter, kept as plain data so that it can be turned into a DSL predicate, SQL
 * text, and evaluated on heap values by the model, all from one description.
 */
interface Cond {
    String[] WORDS = {"apple", "Zoë", "b,c", "b", "8bytes!!", "émile", "x y", "Ωmega", "zz"};
    String[] OPS = {"=", "!=", "<", "<=", ">", ">="};
    /** For each operator, the signs of a comparison that pass it. */
    Map<String, Set<Integer>> SIGNS = Map.of(
            "=",
            Set.of(0),
            "!=",
            Set.of(-1, 1),
            "<",
            Set.of(-1),
            "<=",
            Set.of(-1, 0),
            ">",
            Set.of(1),
            ">=",
            Set.of(0, 1));

    Predicate dsl();

    String sql();

    boolean test(Rows.Values v, int i);

    static Cond random(SplittableRandom rnd, long rows, int depth) {
        int pick = rnd.nextInt(depth > 0 ? 8 : 5);
        switch (pick) {
            case 0:
                return new Cmp(
                        "k",
                        OPS[rnd.nextInt(OPS.length)],
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

    record Cmp(String column, String op, Object value) implements Cond {

        @Override
        public Predicate dsl() {
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
        public String sql() {
            return "\"" + column + "\" " + op + " " + literal(value);
        }

        @Override
        public boolean test(Rows.Values v, int i) {
            return SIGNS.get(op).contains(Integer.signum(compare(v.get(column, i), value)));
        }
    }

    record Between(String column, Object low, Object high) implements Cond {

        @Override
        public Predicate dsl() {
            return col(column).between(low, high);
        }

        @Override
        public String sql() {
            return "\"" + column + "\" BETWEEN " + literal(low) + " AND " + literal(high);
        }

        @Override
        public boolean test(Rows.Values v, int i) {
            Object x = v.get(column, i);
            return compare(x, low) >= 0 && compare(x, high) <= 0;
        }
    }

    record In(String column, List<Object> values) implements Cond {

        @Override
        public Predicate dsl() {
            return col(column).in(values.toArray());
        }

        @Override
        public String sql() {
            List<String> l = new ArrayList<>();
            values.forEach(x -> l.add(literal(x)));
            // Parenthesised: the SQL compiler rejects "c IN (...) AND ..." (docs/TESTING.md, "Soak test").
            return "(\"" + column + "\" IN (" + String.join(", ", l) + "))";
        }

        @Override
        public boolean test(Rows.Values v, int i) {
            Object x = v.get(column, i);
            for (Object c : values) {
                if (compare(x, c) == 0) {
                    return true;
                }
            }
            return false;
        }
    }

    record Bool(boolean and, Cond a, Cond b) implements Cond {

        @Override
        public Predicate dsl() {
            return and ? a.dsl().and(b.dsl()) : a.dsl().or(b.dsl());
        }

        @Override
        public String sql() {
            return "(" + a.sql() + (and ? " AND " : " OR ") + b.sql() + ")";
        }

        @Override
        public boolean test(Rows.Values v, int i) {
            return and ? a.test(v, i) && b.test(v, i) : a.test(v, i) || b.test(v, i);
        }
    }

    record Not(Cond a) implements Cond {

        @Override
        public Predicate dsl() {
            return a.dsl().not();
        }

        @Override
        public String sql() {
            return "NOT (" + a.sql() + ")";
        }

        @Override
        public boolean test(Rows.Values v, int i) {
            return !a.test(v, i);
        }
    }
}
