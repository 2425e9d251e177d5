package io.zdbc.csv.impl;

import java.math.BigDecimal;
import java.math.MathContext;

/** Text forms of doubles that read back to the same double, as short as possible. */
final class Floats {
    /** From JDK 19 on, Double.toString gives the shortest form (JDK-4511638); before, it sometimes does not. */
    private static final boolean TO_STRING_IS_SHORTEST = Runtime.version().feature() >= 19;

    private Floats() {}

    static String shortest(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        String s = Double.toString(d);
        if (TO_STRING_IS_SHORTEST || significantDigits(s) <= 15) {
            return s; // up to 15 digits, Double.toString is already shortest
        }
        BigDecimal exact = new BigDecimal(d);
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p));
            if (r.doubleValue() == d) {
                String t = r.stripTrailingZeros().toString();
                return t.length() < s.length() ? t : s;
            }
        }
        return s;
    }

    private static int significantDigits(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 'E') {
                break;
            }
            if (c >= '0' && c <= '9') {
                n++;
            }
        }
        return n;
    }
}
