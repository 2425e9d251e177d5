package io.zdbc.spi;

import io.zdbc.api.ColumnType;
import io.zdbc.api.query.CompareOp;
import io.zdbc.spi.kernel.Aggregation;
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Condition;
import io.zdbc.spi.kernel.Selection;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Filters and aggregates over column memory. The engine uses the highest-ranked implementation
 * present (a SIMD one where the JDK allows, else the portable scalar one); all give the same
 * answers, by these rules, for every implementation:
 *
 * <ul>
 *   <li>A {@code null} selection means every row.</li>
 *   <li>i64 sums wrap on overflow (two's complement), like Java's {@code long} addition.</li>
 *   <li>f64 sums propagate NaN. f64 min and max skip NaN; they are NaN only when every selected
 *       value is NaN or nothing is selected. i64 min/max of nothing is an
 *       {@link java.util.NoSuchElementException}.</li>
 *   <li>Comparisons follow {@link CompareOp}: NaN matches only {@code !=}.</li>
 *   <li>{@code str} arguments are packed: the value's 8 padded bytes read as a little-endian long
 *       ({@link io.zdbc.api.Str8}).</li>
 * </ul>
 *
 * Floating-point sums may differ between implementations in the last bits (they add in a
 * different order); callers compare them with a relative tolerance.
 */
@ConsumerType
public interface Kernels {
    /** Service property: larger wins. The scalar kernels register 0, the SIMD kernels 100. */
    String RANKING = "service.ranking";

    String name();

    /**
     * Preference outside OSGi, where there is no service ranking: the highest that loads wins.
     * Inside OSGi the {@code service.ranking} property decides; keep the two equal.
     */
    default int ranking() {
        return 0;
    }

    long sumLong(ColumnMemory column, Selection selection);

    double sumDouble(ColumnMemory column, Selection selection);

    long minLong(ColumnMemory column, Selection selection);

    long maxLong(ColumnMemory column, Selection selection);

    double minDouble(ColumnMemory column, Selection selection);

    double maxDouble(ColumnMemory column, Selection selection);

    /**
     * Σ price·volume / Σ volume over the selected rows, in one pass. Either column may be i64 or
     * f64 (converted to double). NaN when Σ volume is 0.
     */
    double vwap(ColumnMemory price, ColumnMemory volume, Selection selection);

    /** Rows where {@code column op value} (i64 column, or str column with a packed value). */
    Selection compareLong(ColumnMemory column, CompareOp op, long value);

    /** Rows where {@code column op value} (f64 column). */
    Selection compareDouble(ColumnMemory column, CompareOp op, double value);

    /** Rows where {@code low <= column <= high} (i64, or str with packed bounds). */
    Selection betweenLong(ColumnMemory column, long low, long high);

    /** Rows where {@code low <= column <= high} (f64). */
    Selection betweenDouble(ColumnMemory column, double low, double high);

    /** Rows whose value is one of {@code values} (i64, or str with packed values). */
    Selection inLongs(ColumnMemory column, long[] values);

    /** Rows whose value is one of {@code values} (f64; NaN never matches). */
    Selection inDoubles(ColumnMemory column, double[] values);

    /** The rows where {@code condition} holds, by this implementation's bitmap filter of its kind. */
    default Selection select(Condition condition) {
        ColumnMemory column = condition.column();
        switch (condition.kind()) {
            case COMPARE_LONG:
                return compareLong(column, condition.op(), condition.longs()[0]);
            case COMPARE_DOUBLE:
                return compareDouble(column, condition.op(), condition.doubles()[0]);
            case BETWEEN_LONG: {
                long[] v = condition.longs();
                return betweenLong(column, v[0], v[1]);
            }
            case BETWEEN_DOUBLE: {
                double[] v = condition.doubles();
                return betweenDouble(column, v[0], v[1]);
            }
            case IN_LONGS:
                return inLongs(column, condition.longs());
            default:
                return inDoubles(column, condition.doubles());
        }
    }

    /**
     * Filter and aggregate in one call: the {@code aggregates} over the rows of {@code [0, rows)}
     * where every condition of {@code where} holds (every row when it is empty). The answers are
     * those of the bitmap filters and aggregates above, by the rules above, and are described per
     * function in {@link Aggregation} (a {@code Long}, a {@code Double}, or null for the min, max
     * or VWAP of no rows). f64 sums may differ in the last bits, as everywhere.
     *
     * <p>This default computes each condition's {@link Selection}, ANDs them and runs one
     * aggregate kernel per aggregate: several passes over the data and bitmaps. Implementations
     * override it with a fused kernel that evaluates the conditions and accumulates chunk by
     * chunk (a few thousand rows that stay in the L1 cache), reading each column once.
     *
     * @param rows the rows of the table; every column of the conditions and aggregates has as many
     * @return one answer per aggregate, in order (an unmodifiable list that may hold nulls)
     * @throws IllegalArgumentException if a column does not have {@code rows} rows, or an aggregate
     *     has a function this method does not compute
     * @throws io.zdbc.api.TypeMismatchException if a column has a type its condition or aggregate
     *     does not take
     */
    default List<Object> filterAggregate(long rows, List<Condition> where, List<Aggregation> aggregates) {
        for (Condition c : where) {
            requireRows(rows, c.column());
        }
        for (Aggregation a : aggregates) {
            requireKnown(a);
            requireRows(rows, a.column());
            requireRows(rows, a.second());
        }
        Selection sel = null;
        for (Condition c : where) {
            Selection s = select(c);
            sel = sel == null ? s : sel.and(s);
        }
        long count = sel == null ? rows : sel.count();
        Object[] out = new Object[aggregates.size()];
        for (int i = 0; i < out.length; i++) {
            Aggregation a = aggregates.get(i);
            ColumnMemory c = a.column();
            boolean f64 = c != null && c.type() == ColumnType.F64;
            switch (a.fn()) {
                case COUNT:
                    out[i] = count;
                    break;
                case SUM:
                    out[i] = f64 ? (Object) sumDouble(c, sel) : (Object) sumLong(c, sel);
                    break;
                case MIN:
                    out[i] = count == 0 ? null : f64 ? (Object) minDouble(c, sel) : (Object) minLong(c, sel);
                    break;
                case MAX:
                    out[i] = count == 0 ? null : f64 ? (Object) maxDouble(c, sel) : (Object) maxLong(c, sel);
                    break;
                case VWAP:
                    out[i] = count == 0 ? null : (Object) vwap(c, a.second(), sel);
                    break;
                default:
                    throw unknownFunction(a);
            }
        }
        return Collections.unmodifiableList(Arrays.asList(out));
    }

    /** Checked before any work; by identity, as a switch sends a constant it was not compiled with to its default. */
    private static void requireKnown(Aggregation a) {
        Aggregation.Fn fn = a.fn();
        if (fn != Aggregation.Fn.COUNT
                && fn != Aggregation.Fn.SUM
                && fn != Aggregation.Fn.MIN
                && fn != Aggregation.Fn.MAX
                && fn != Aggregation.Fn.VWAP) {
            throw unknownFunction(a);
        }
    }

    private static IllegalArgumentException unknownFunction(Aggregation a) {
        return new IllegalArgumentException(
                "filterAggregate does not know the aggregate function " + a.fn() + " (" + a + ")");
    }

    private static void requireRows(long rows, ColumnMemory column) {
        if (column != null && column.rows() != rows) {
            throw new IllegalArgumentException(
                    "a column of " + column.rows() + " rows in a filter/aggregate over " + rows + " rows");
        }
    }
}
