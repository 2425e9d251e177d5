package io.zdbc.api.query;

import java.util.List;
import java.util.Objects;

/** A row filter: comparisons of a column with constants, combined with and, or, not. */
public abstract class Predicate {
    Predicate() {
    }

    public Predicate and(Predicate other) {
        return new And(this, Objects.requireNonNull(other));
    }

    public Predicate or(Predicate other) {
        return new Or(this, Objects.requireNonNull(other));
    }

    public Predicate not() {
        return new Not(this);
    }

    /** {@code column op value}; value is a Long, Double or String. */
    public static final class Compare extends Predicate {
        public final String column;
        public final CompareOp op;
        public final Object value;

        Compare(String column, CompareOp op, Object value) {
            this.column = column;
            this.op = op;
            this.value = Expressions.literal(value);
        }

        @Override
        public String toString() {
            return column + " " + op.symbol() + " " + Expressions.show(value);
        }
    }

    /** {@code low <= column <= high}. */
    public static final class Between extends Predicate {
        public final String column;
        public final Object low;
        public final Object high;

        Between(String column, Object low, Object high) {
            this.column = column;
            this.low = Expressions.literal(low);
            this.high = Expressions.literal(high);
        }

        @Override
        public String toString() {
            return column + " BETWEEN " + Expressions.show(low) + " AND " + Expressions.show(high);
        }
    }

    /** {@code column IN (values)}. */
    public static final class In extends Predicate {
        public final String column;
        public final List<Object> values;

        In(String column, List<Object> values) {
            this.column = column;
            this.values = values.stream().map(Expressions::literal).collect(java.util.stream.Collectors.toUnmodifiableList());
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(column).append(" IN (");
            for (int i = 0; i < values.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(Expressions.show(values.get(i)));
            }
            return sb.append(')').toString();
        }
    }

    public static final class And extends Predicate {
        public final Predicate left;
        public final Predicate right;

        And(Predicate left, Predicate right) {
            this.left = left;
            this.right = right;
        }

        @Override
        public String toString() {
            return "(" + left + " AND " + right + ")";
        }
    }

    public static final class Or extends Predicate {
        public final Predicate left;
        public final Predicate right;

        Or(Predicate left, Predicate right) {
            this.left = left;
            this.right = right;
        }

        @Override
        public String toString() {
            return "(" + left + " OR " + right + ")";
        }
    }

    public static final class Not extends Predicate {
        public final Predicate inner;

        Not(Predicate inner) {
            this.inner = inner;
        }

        @Override
        public String toString() {
            return "NOT " + inner;
        }
    }
}
