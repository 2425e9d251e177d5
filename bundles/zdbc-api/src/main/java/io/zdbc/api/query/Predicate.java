package io.zdbc.api.query;

import java.util.List;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A row filter: comparisons of a column with constants, combined with and, or, not. Predicates are
 * immutable values: two built from equal parts are equal.
 */
@ProviderType
public sealed interface Predicate
        permits Predicate.Compare, Predicate.Between, Predicate.In, Predicate.And, Predicate.Or, Predicate.Not {

    default Predicate and(Predicate other) {
        return new And(this, other);
    }

    default Predicate or(Predicate other) {
        return new Or(this, other);
    }

    default Predicate not() {
        return new Not(this);
    }

    /** {@code column op value}; the value is normalized to a Long, Double or String. */
    record Compare(String column, CompareOp op, Object value) implements Predicate {
        public Compare {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(op, "op");
            value = Expressions.literal(value);
        }

        @Override
        public String toString() {
            return column + " " + op.symbol() + " " + Expressions.show(value);
        }
    }

    /** {@code low <= column <= high}. */
    record Between(String column, Object low, Object high) implements Predicate {
        public Between {
            Objects.requireNonNull(column, "column");
            low = Expressions.literal(low);
            high = Expressions.literal(high);
        }

        @Override
        public String toString() {
            return column + " BETWEEN " + Expressions.show(low) + " AND " + Expressions.show(high);
        }
    }

    /** {@code column IN (values)}; the values are normalized and kept in an unmodifiable list. */
    record In(String column, List<Object> values) implements Predicate {
        public In {
            Objects.requireNonNull(column, "column");
            values = values.stream().map(Expressions::literal).toList();
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

    record And(Predicate left, Predicate right) implements Predicate {
        public And {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public String toString() {
            return "(" + left + " AND " + right + ")";
        }
    }

    record Or(Predicate left, Predicate right) implements Predicate {
        public Or {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public String toString() {
            return "(" + left + " OR " + right + ")";
        }
    }

    record Not(Predicate inner) implements Predicate {
        public Not {
            Objects.requireNonNull(inner, "inner");
        }

        @Override
        public String toString() {
            return "NOT " + inner;
        }
    }
}
