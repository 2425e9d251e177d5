package io.zdbc.spi.kernel;

import io.zdbc.api.query.CompareOp;
import java.util.Arrays;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One test of a conjunction that {@link io.zdbc.spi.Kernels#filterAggregate} evaluates: a column
 * compared with constants, as the bitmap filters of the kernels take them ({@code str} values
 * packed, NaN by the rules of {@link CompareOp}). Immutable; {@link io.zdbc.spi.Kernels#select} gives its
 * rows as the bitmap kernels compute them, which is the answer a fused kernel must reproduce.
 */
@ProviderType
public final class Condition {
    /** Which bitmap filter of {@link io.zdbc.spi.Kernels} the condition is. */
    @ProviderType
    public enum Kind {
        /** {@link io.zdbc.spi.Kernels#compareLong} (i64, or str with a packed value). */
        COMPARE_LONG,
        /** {@link io.zdbc.spi.Kernels#compareDouble} (f64). */
        COMPARE_DOUBLE,
        /** {@link io.zdbc.spi.Kernels#betweenLong} (i64, or str with packed bounds). */
        BETWEEN_LONG,
        /** {@link io.zdbc.spi.Kernels#betweenDouble} (f64). */
        BETWEEN_DOUBLE,
        /** {@link io.zdbc.spi.Kernels#inLongs} (i64, or str with packed values). */
        IN_LONGS,
        /** {@link io.zdbc.spi.Kernels#inDoubles} (f64; NaN never matches). */
        IN_DOUBLES
    }

    private final Kind kind;
    private final ColumnMemory column;
    private final CompareOp op;
    private final long[] longs;
    private final double[] doubles;

    private Condition(Kind kind, ColumnMemory column, CompareOp op, long[] longs, double[] doubles) {
        this.kind = kind;
        this.column = Objects.requireNonNull(column, "column");
        this.op = op;
        this.longs = longs;
        this.doubles = doubles;
    }

    /** {@code column op value}: i64, or str with a packed value. */
    public static Condition compareLong(ColumnMemory column, CompareOp op, long value) {
        return new Condition(Kind.COMPARE_LONG, column, Objects.requireNonNull(op, "op"), new long[] {value}, null);
    }

    /** {@code column op value}: f64. */
    public static Condition compareDouble(ColumnMemory column, CompareOp op, double value) {
        return new Condition(Kind.COMPARE_DOUBLE, column, Objects.requireNonNull(op, "op"), null, new double[] {value});
    }

    /** {@code low <= column <= high}: i64, or str with packed bounds. */
    public static Condition betweenLong(ColumnMemory column, long low, long high) {
        return new Condition(Kind.BETWEEN_LONG, column, null, new long[] {low, high}, null);
    }

    /** {@code low <= column <= high}: f64. */
    public static Condition betweenDouble(ColumnMemory column, double low, double high) {
        return new Condition(Kind.BETWEEN_DOUBLE, column, null, null, new double[] {low, high});
    }

    /** The column's value is one of {@code values}: i64, or str with packed values. */
    public static Condition inLongs(ColumnMemory column, long... values) {
        return new Condition(Kind.IN_LONGS, column, null, values.clone(), null);
    }

    /** The column's value is one of {@code values}: f64. */
    public static Condition inDoubles(ColumnMemory column, double... values) {
        return new Condition(Kind.IN_DOUBLES, column, null, null, values.clone());
    }

    public Kind kind() {
        return kind;
    }

    public ColumnMemory column() {
        return column;
    }

    /** The operator of a {@code COMPARE_*} condition, else null. */
    public CompareOp op() {
        return op;
    }

    /** Whether the operands are doubles ({@link #doubles}) rather than longs ({@link #longs}). */
    public boolean isDouble() {
        return doubles != null;
    }

    /** The long operands: {@code [value]}, {@code [low, high]} or the IN values; empty for doubles. */
    public long[] longs() {
        return longs == null ? new long[0] : longs.clone();
    }

    /** The double operands: {@code [value]}, {@code [low, high]} or the IN values; empty for longs. */
    public double[] doubles() {
        return doubles == null ? new double[0] : doubles.clone();
    }

    @Override
    public String toString() {
        String c = column.type().label();
        switch (kind) {
            case COMPARE_LONG:
                return "(" + c + " " + op.symbol() + " " + longs[0] + ")";
            case COMPARE_DOUBLE:
                return "(" + c + " " + op.symbol() + " " + doubles[0] + ")";
            case BETWEEN_LONG:
                return "(" + c + " BETWEEN " + longs[0] + " AND " + longs[1] + ")";
            case BETWEEN_DOUBLE:
                return "(" + c + " BETWEEN " + doubles[0] + " AND " + doubles[1] + ")";
            case IN_LONGS:
                return "(" + c + " IN " + Arrays.toString(longs) + ")";
            default:
                return "(" + c + " IN " + Arrays.toString(doubles) + ")";
        }
    }
}
