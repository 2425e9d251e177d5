package io.zdbc.sql.differential;

import io.zdbc.api.Str8;
import java.util.Objects;

/**
 * An expected cell: an exact value (Long, Packed str, null), a Double within a tolerance, or
 * anything ({@link Difference#FLOAT_SUMMATION_ORDER} where the order decides an overflow).
 */
record Expect(Object value, double tol, boolean any) {
    /** A str value by its 8 stored bytes. */
    record Packed(long raw) {
        @Override
        public String toString() {
            return "'" + Str8.decode(raw) + "'";
        }
    }

    static final Expect ANY = new Expect(null, 0, true);

    static Expect exact(Object v) {
        return new Expect(v, 0, false);
    }

    static Expect approx(double v, double tol) {
        return new Expect(v, tol, false);
    }

    /** zdbc's value in the form expected values take (str packed). */
    static Object canonical(Object zdbc) {
        return zdbc instanceof String s ? new Packed(Str8.pack(s)) : zdbc;
    }

    boolean matches(Object zdbc) {
        if (any) {
            return true;
        }
        Object z = canonical(zdbc);
        if (value instanceof Double e && z instanceof Double d) {
            if (Double.isNaN(e) || Double.isNaN(d) || Double.isInfinite(e) || Double.isInfinite(d)) {
                return e.equals(d);
            }
            return Math.abs(e - d) <= tol; // Difference.SIGNED_ZERO: -0.0 and 0.0 are 0 apart
        }
        return Objects.equals(value, z);
    }

    /** For sorting expected rows: the value (NaN for anything, which then sorts last). */
    Object sortKey() {
        return any ? Double.NaN : value;
    }

    @Override
    public String toString() {
        return any ? "<any>" : tol > 0 ? value + " ± " + tol : String.valueOf(value);
    }

    /**
     * An f64 sum from its parts: the sum and magnitude sum of the finite values, how many NaN, +inf,
     * -inf and finite values. Non-finite outcomes are exact; finite ones within the summation
     * error bound 2·n·2^-53·Σ|x| ({@link Difference#FLOAT_SUMMATION_ORDER}).
     */
    static Expect floatSum(Double sum, Double abs, long nan, long pinf, long ninf, long finite) {
        double s = sum == null ? 0.0 : sum;
        double m = abs == null ? 0.0 : abs;
        if (nan > 0 || pinf > 0 && ninf > 0) {
            return exact(Double.NaN);
        }
        if (Double.isInfinite(m)) {
            return ANY; // the finite values may overflow to either infinity, or not, by the order of addition
        }
        if (pinf > 0 || ninf > 0) {
            return exact(pinf > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
        }
        return approx(s, 2.0 * Math.max(finite, 2) * 0x1p-53 * m * 1.01);
    }

    /** {@code this / n} for a count {@code n > 0}. */
    Expect divide(long n) {
        if (any || !(value instanceof Double)) {
            return this;
        }
        double q = (Double) value / n;
        return Double.isFinite(q) ? new Expect(q, tol / n * 1.01 + Math.ulp(q), false) : exact(q);
    }

    /** vwap = Σp·v / Σv: NaN when Σv is 0 ({@link Difference#VWAP_OF_ZERO_VOLUME_IS_NAN}); unchecked when Σv is within its error of 0. */
    static Expect quotient(Expect num, Expect den) {
        if (num.any || den.any) {
            return ANY;
        }
        double n = (Double) num.value;
        double d = (Double) den.value;
        if (den.tol == 0 && d == 0) {
            return exact(Double.NaN);
        }
        if (Math.abs(d) <= 2 * den.tol || Math.abs(n) <= num.tol && !Double.isFinite(d)) {
            return ANY;
        }
        double q = n / d;
        if (!Double.isFinite(n) || !Double.isFinite(d)) {
            return exact(q);
        }
        if (!Double.isFinite(q)) {
            return ANY;
        }
        double tol = (num.tol + Math.abs(q) * den.tol) / (Math.abs(d) - den.tol);
        return approx(q, 1.5 * tol + 2 * Math.ulp(q));
    }
}
