package io.zdbc.sql.differential;

/**
 * The documented semantic differences between zdbc and DuckDB that the differential test
 * handles, each by name: the DuckDB side of a query is translated, or the expected value is
 * derived, so that it encodes zdbc's rule. Every other difference is a zdbc bug.
 */
enum Difference {
    /** i64 sums wrap on overflow (two's complement); DuckDB sums exactly: compare modulo 2^64. */
    I64_SUM_WRAPS,
    /** The avg of an i64 column is the wrapped i64 sum divided by the count. */
    I64_AVG_OF_WRAPPED_SUM,
    /** A comparison, BETWEEN or IN with NaN is false except {@code !=}; DuckDB has NaN = NaN, NaN greatest. */
    NAN_COMPARES_FALSE,
    /** min and max skip NaN (NaN only when every value is NaN); DuckDB's max is NaN if any value is. */
    MIN_MAX_SKIP_NAN,
    /** f64 sums add in another order: equal within a bound relative to the sum of magnitudes; an overflowing sum is not compared. */
    FLOAT_SUMMATION_ORDER,
    /** -0.0 and 0.0 are one value here: either may come out of min, max, a sum or a sort. */
    SIGNED_ZERO,
    /** vwap is NaN when the volumes sum to 0 (a quotient that would divide by 0). */
    VWAP_OF_ZERO_VOLUME_IS_NAN,
    /** str compares as its 8 stored bytes, unsigned: DuckDB gets the padded 8-byte values and constants. */
    STR_IS_8_PADDED_BYTES,
    /** The DSL's sum of no rows is 0 (its documented convention); SQL's is NULL. */
    DSL_SUM_OF_NO_ROWS_IS_ZERO
}
