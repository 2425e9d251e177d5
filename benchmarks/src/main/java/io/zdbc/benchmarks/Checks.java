package io.zdbc.benchmarks;

/** Setup-time answer checks: a benchmark whose engine answers wrongly must not report a time. */
final class Checks {
    /** f64 sums may differ in the last bits between summation orders. */
    static final double REL_TOLERANCE = 1e-9;

    private Checks() {}

    static void close(String what, double actual, double expected) {
        if (!(Math.abs(actual - expected) <= REL_TOLERANCE * Math.abs(expected))) {
            throw new AssertionError(what + ": " + actual + ", expected " + expected);
        }
    }

    static void equal(String what, long actual, long expected) {
        if (actual != expected) {
            throw new AssertionError(what + ": " + actual + ", expected " + expected);
        }
    }
}
