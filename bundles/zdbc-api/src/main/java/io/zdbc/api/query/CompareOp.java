package io.zdbc.api.query;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Comparison operators of filters. NaN compares false with everything except {@link #NE}, which
 * is true (IEEE 754), for every implementation. {@code str} values compare as their 8 raw bytes,
 * unsigned, byte by byte (so padding spaces sort like spaces).
 */
@ProviderType
public enum CompareOp {
    EQ("="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    private final String symbol;

    CompareOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** The operator with its operands swapped: {@code a < b} is {@code b > a}. */
    public CompareOp flip() {
        switch (this) {
            case LT:
                return GT;
            case LE:
                return GE;
            case GT:
                return LT;
            case GE:
                return LE;
            default:
                return this;
        }
    }

    public boolean test(int cmp) {
        switch (this) {
            case EQ:
                return cmp == 0;
            case NE:
                return cmp != 0;
            case LT:
                return cmp < 0;
            case LE:
                return cmp <= 0;
            case GT:
                return cmp > 0;
            default:
                return cmp >= 0;
        }
    }
}
