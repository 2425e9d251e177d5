package io.zdbc.spi.kernel;

import java.util.Locale;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One aggregate that {@link io.zdbc.spi.Kernels#filterAggregate} computes over the rows its
 * conditions select. Immutable. The answers, per function (the rules of
 * {@link io.zdbc.spi.Kernels} apply: i64 sums wrap, f64 sums propagate NaN, f64 min/max skip NaN):
 *
 * <ul>
 *   <li>{@link Fn#COUNT}: the selected rows, a {@code Long}.</li>
 *   <li>{@link Fn#SUM}: a {@code Long} (i64 column) or {@code Double} (f64); 0 when no row is
 *       selected.</li>
 *   <li>{@link Fn#MIN}, {@link Fn#MAX}: a {@code Long} or {@code Double}; null when no row is
 *       selected; NaN when every selected f64 value is NaN.</li>
 *   <li>{@link Fn#VWAP}: Σ price·volume / Σ volume as a {@code Double} (either column i64 or
 *       f64, converted to double); NaN when Σ volume is 0; null when no row is selected.</li>
 * </ul>
 */
@ProviderType
public final class Aggregation {
    /** The functions. */
    @ProviderType
    public enum Fn {
        COUNT,
        SUM,
        MIN,
        MAX,
        VWAP
    }

    private final Fn fn;
    private final ColumnMemory column;
    private final ColumnMemory second;

    private Aggregation(Fn fn, ColumnMemory column, ColumnMemory second) {
        this.fn = fn;
        this.column = column;
        this.second = second;
    }

    public static Aggregation count() {
        return new Aggregation(Fn.COUNT, null, null);
    }

    /** Sum of an i64 or f64 column. */
    public static Aggregation sum(ColumnMemory column) {
        return new Aggregation(Fn.SUM, Objects.requireNonNull(column, "column"), null);
    }

    /** Least value of an i64 or f64 column. */
    public static Aggregation min(ColumnMemory column) {
        return new Aggregation(Fn.MIN, Objects.requireNonNull(column, "column"), null);
    }

    /** Greatest value of an i64 or f64 column. */
    public static Aggregation max(ColumnMemory column) {
        return new Aggregation(Fn.MAX, Objects.requireNonNull(column, "column"), null);
    }

    /** Σ price·volume / Σ volume. */
    public static Aggregation vwap(ColumnMemory price, ColumnMemory volume) {
        return new Aggregation(
                Fn.VWAP, Objects.requireNonNull(price, "price"), Objects.requireNonNull(volume, "volume"));
    }

    public Fn fn() {
        return fn;
    }

    /** The column (price for VWAP); null for COUNT. */
    public ColumnMemory column() {
        return column;
    }

    /** The volume column of VWAP, else null. */
    public ColumnMemory second() {
        return second;
    }

    @Override
    public String toString() {
        return fn.name().toLowerCase(Locale.ROOT)
                + (column == null
                        ? "(*)"
                        : "(" + column.type().label()
                                + (second == null ? "" : ", " + second.type().label()) + ")");
    }
}
