package io.zdbc.api.query;

import java.util.Locale;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/** An aggregate over the filtered rows: {@code Aggregate.sum("volume").as("total")}. */
@ProviderType
public final class Aggregate {
    /** The aggregate functions. */
    @ProviderType
    public enum Fn {
        SUM,
        MIN,
        MAX,
        MEAN,
        COUNT,
        VWAP
    }

    public final Fn fn;
    /** The column (price for VWAP); null for COUNT(*). */
    public final String column;
    /** The volume column of VWAP, else null. */
    public final String second;

    public final String alias;

    private Aggregate(Fn fn, String column, String second, String alias) {
        this.fn = fn;
        this.column = column;
        this.second = second;
        this.alias = alias;
    }

    public static Aggregate sum(String column) {
        return new Aggregate(Fn.SUM, Objects.requireNonNull(column), null, null);
    }

    public static Aggregate min(String column) {
        return new Aggregate(Fn.MIN, Objects.requireNonNull(column), null, null);
    }

    public static Aggregate max(String column) {
        return new Aggregate(Fn.MAX, Objects.requireNonNull(column), null, null);
    }

    public static Aggregate mean(String column) {
        return new Aggregate(Fn.MEAN, Objects.requireNonNull(column), null, null);
    }

    /** COUNT(*): rows that pass the filter; without a filter it is read from metadata. */
    public static Aggregate count() {
        return new Aggregate(Fn.COUNT, null, null, null);
    }

    /** Σ price·volume / Σ volume. */
    public static Aggregate vwap(String price, String volume) {
        return new Aggregate(Fn.VWAP, Objects.requireNonNull(price), Objects.requireNonNull(volume), null);
    }

    public Aggregate as(String name) {
        return new Aggregate(fn, column, second, Objects.requireNonNull(name));
    }

    /** The result column's name: the alias, else e.g. {@code sum(volume)}, {@code count(*)}. */
    public String name() {
        if (alias != null) {
            return alias;
        }
        if (fn == Fn.COUNT) {
            return "count(*)"; // a constant: COUNT(*) from metadata allocates nothing for its name
        }
        String f = fn.name().toLowerCase(Locale.ROOT);
        return fn == Fn.VWAP ? f + "(" + column + ", " + second + ")" : f + "(" + column + ")";
    }

    @Override
    public String toString() {
        return alias == null ? name() : name() + " AS " + alias;
    }
}
