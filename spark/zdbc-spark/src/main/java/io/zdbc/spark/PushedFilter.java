package io.zdbc.spark;

import io.zdbc.api.ColumnType;
import io.zdbc.api.Str8;
import io.zdbc.api.query.CompareOp;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Selection;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A filter Spark pushed to the scan, as a tree the executors evaluate with zdbc's kernels on the
 * rows of their partition. {@link #exact} says whether the kernels' answer is exactly Spark's; an
 * inexact filter selects a superset (f64 comparisons keep NaN rows, which Spark orders above every
 * number and zdbc matches only with !=) and Spark filters its rows again.
 */
abstract class PushedFilter implements Serializable {
    private static final long serialVersionUID = 1L;

    abstract boolean exact();

    /** The columns the filter reads. */
    abstract void columns(Set<String> out);

    /** The selected rows of {@code [0, rows)} of the columns in {@code memory}. */
    abstract Selection select(Kernels k, Map<String, ColumnMemory> memory, long rows);

    /** {@code column op value}, or {@code IN} when {@code op} is null. */
    static final class Leaf extends PushedFilter {
        private static final long serialVersionUID = 1L;
        final String column;
        final ColumnType type;
        final CompareOp op;
        final long[] longs;
        final double[] doubles;

        Leaf(String column, ColumnType type, CompareOp op, long[] longs, double[] doubles) {
            this.column = column;
            this.type = type;
            this.op = op;
            this.longs = longs;
            this.doubles = doubles;
        }

        @Override
        boolean exact() {
            return type != ColumnType.F64;
        }

        @Override
        void columns(Set<String> out) {
            out.add(column);
        }

        @Override
        Selection select(Kernels k, Map<String, ColumnMemory> memory, long rows) {
            ColumnMemory c = memory.get(column);
            if (type == ColumnType.F64) {
                Selection s = op == null ? k.inDoubles(c, doubles) : k.compareDouble(c, op, doubles[0]);
                if (op == CompareOp.NE) {
                    return s; // NaN != x holds in zdbc already
                }
                Selection numbers = k.betweenDouble(c, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
                return s.or(numbers.not()); // keep NaN rows: Spark decides on them
            }
            return op == null ? k.inLongs(c, longs) : k.compareLong(c, op, longs[0]);
        }

        @Override
        public String toString() {
            String values;
            if (type == ColumnType.F64) {
                values = op == null ? Arrays.toString(doubles) : Double.toString(doubles[0]);
            } else if (type == ColumnType.STR) {
                StringBuilder sb = new StringBuilder(op == null ? "[" : "");
                for (int i = 0; i < longs.length; i++) {
                    sb.append(i == 0 ? "" : ", ")
                            .append('\'')
                            .append(Str8.decode(longs[i]))
                            .append('\'');
                }
                values = sb.append(op == null ? "]" : "").toString();
            } else {
                values = op == null ? Arrays.toString(longs) : Long.toString(longs[0]);
            }
            return column + (op == null ? " IN " : " " + op.symbol() + " ") + values;
        }
    }

    /** {@code left AND right}, or {@code left OR right}. */
    static final class Junction extends PushedFilter {
        private static final long serialVersionUID = 1L;
        final PushedFilter left;
        final PushedFilter right;
        final boolean and;

        Junction(PushedFilter left, PushedFilter right, boolean and) {
            this.left = left;
            this.right = right;
            this.and = and;
        }

        /** Of two exact filters, or (a superset of each) of supersets: a superset again. */
        @Override
        boolean exact() {
            return left.exact() && right.exact();
        }

        @Override
        void columns(Set<String> out) {
            left.columns(out);
            right.columns(out);
        }

        @Override
        Selection select(Kernels k, Map<String, ColumnMemory> memory, long rows) {
            Selection l = left.select(k, memory, rows);
            Selection r = right.select(k, memory, rows);
            return and ? l.and(r) : l.or(r);
        }

        @Override
        public String toString() {
            return "(" + left + (and ? " AND " : " OR ") + right + ")";
        }
    }

    /** Only over exact filters: the complement of a superset is not a superset. */
    static final class Not extends PushedFilter {
        private static final long serialVersionUID = 1L;
        final PushedFilter inner;

        Not(PushedFilter inner) {
            this.inner = inner;
        }

        @Override
        boolean exact() {
            return true;
        }

        @Override
        void columns(Set<String> out) {
            inner.columns(out);
        }

        @Override
        Selection select(Kernels k, Map<String, ColumnMemory> memory, long rows) {
            return inner.select(k, memory, rows).not();
        }

        @Override
        public String toString() {
            return "NOT " + inner;
        }
    }

    /** A str literal zdbc compares exactly as Spark does: at most 8 bytes, no trailing space or NUL. */
    static boolean storableString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return b.length <= Str8.WIDTH && (b.length == 0 || (b[b.length - 1] != ' ' && b[b.length - 1] != 0));
    }

    static List<String> columnsOf(PushedFilter f) {
        Set<String> s = new LinkedHashSet<>();
        f.columns(s);
        return List.copyOf(s);
    }
}
