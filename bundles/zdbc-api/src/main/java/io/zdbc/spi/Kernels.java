package io.zdbc.spi;

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
}
