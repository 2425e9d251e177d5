package io.zdbc.api.query;

import java.util.Arrays;
import org.osgi.annotation.versioning.ProviderType;

/** A column reference, for building predicates: {@code col("price").gt(100)}. */
@ProviderType
public final class Column {
    private final String name;

    Column(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public Predicate eq(Object v) {
        return new Predicate.Compare(name, CompareOp.EQ, v);
    }

    public Predicate ne(Object v) {
        return new Predicate.Compare(name, CompareOp.NE, v);
    }

    public Predicate lt(Object v) {
        return new Predicate.Compare(name, CompareOp.LT, v);
    }

    public Predicate le(Object v) {
        return new Predicate.Compare(name, CompareOp.LE, v);
    }

    public Predicate gt(Object v) {
        return new Predicate.Compare(name, CompareOp.GT, v);
    }

    public Predicate ge(Object v) {
        return new Predicate.Compare(name, CompareOp.GE, v);
    }

    public Predicate between(Object low, Object high) {
        return new Predicate.Between(name, low, high);
    }

    public Predicate in(Object... values) {
        return new Predicate.In(name, Arrays.asList(values));
    }

    @Override
    public String toString() {
        return name;
    }
}
