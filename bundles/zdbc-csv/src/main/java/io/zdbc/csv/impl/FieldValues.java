package io.zdbc.csv.impl;

import io.zdbc.api.Str8;
import java.nio.charset.StandardCharsets;

/**
 * Converts one CSV field's bytes to a value without allocating in the common case: plain ASCII
 * integers, decimals of up to 15 digits, ASCII strings. Anything else takes the string path of
 * {@link ValueParser} and {@link Str8#encode(String, byte[], int)}, so the results and the
 * accepted forms are the same as before.
 */
final class FieldValues {
    /** Powers of ten that are exact doubles: a decimal of up to 15 digits divided by one is correctly rounded. */
    static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private FieldValues() {}

    /** Parses {@code b[s..e)} as an i64 into {@code dst[i]}; false if it is not one. */
    static boolean parseLong(byte[] b, int s, int e, long[] dst, int i) {
        int p = s;
        boolean neg = false;
        if (p < e && (b[p] == '-' || b[p] == '+')) {
            neg = b[p] == '-';
            p++;
        }
        int n = e - p;
        if (n > 0 && n <= 18) {
            long v = 0;
            for (; p < e; p++) {
                int d = b[p] - '0';
                if (d < 0 || d > 9) {
                    return slowLong(b, s, e, dst, i);
                }
                v = v * 10 + d;
            }
            dst[i] = neg ? -v : v;
            return true;
        }
        return slowLong(b, s, e, dst, i);
    }

    private static boolean slowLong(byte[] b, int s, int e, long[] dst, int i) {
        try {
            dst[i] = Long.parseLong(new String(b, s, e - s, StandardCharsets.UTF_8));
            return true;
        } catch (NumberFormatException ex) {
            return false;
        }
    }

    /** Parses {@code b[s..e)} as an f64 into {@code dst[i]}; false if it is not one. */
    static boolean parseDouble(byte[] b, int s, int e, double[] dst, int i) {
        int p = s;
        boolean neg = false;
        if (p < e && (b[p] == '-' || b[p] == '+')) {
            neg = b[p] == '-';
            p++;
        }
        long m = 0;
        int digits = 0;
        int frac = 0;
        boolean any = false;
        boolean dot = false;
        for (; p < e; p++) {
            int d = b[p] - '0';
            if (d >= 0 && d <= 9) {
                any = true;
                if (m != 0 || d != 0) {
                    if (++digits > 15) {
                        return slowDouble(b, s, e, dst, i);
                    }
                    m = m * 10 + d;
                }
                if (dot) {
                    frac++;
                }
            } else if (b[p] == '.' && !dot) {
                dot = true;
            } else {
                return slowDouble(b, s, e, dst, i);
            }
        }
        if (!any || frac >= POW10.length) {
            return slowDouble(b, s, e, dst, i);
        }
        double v = (double) m / POW10[frac];
        dst[i] = neg ? -v : v;
        return true;
    }

    private static boolean slowDouble(byte[] b, int s, int e, double[] dst, int i) {
        String f = new String(b, s, e - s, StandardCharsets.UTF_8);
        if (!ValueParser.isDouble(f)) {
            return false;
        }
        dst[i] = ValueParser.parseDouble(f);
        return true;
    }

    /** Encodes {@code b[s..e)} as a str at {@code dst[off..off+8)}; true if it was trimmed. */
    static boolean encodeStr(byte[] b, int s, int e, byte[] dst, int off) {
        for (int p = s; p < e; p++) {
            if (b[p] < 0) {
                // Not ASCII: decoded as before, so malformed UTF-8 becomes U+FFFD the same way.
                return Str8.encode(new String(b, s, e - s, StandardCharsets.UTF_8), dst, off);
            }
        }
        return Str8.encodeUtf8(b, s, e - s, dst, off);
    }
}
