package io.zdbc.csv.impl;

import java.nio.charset.StandardCharsets;

/**
 * Writes numbers as ASCII into a byte array without creating strings: i64 as {@link
 * Long#toString(long)} does, f64 as {@link Floats#shortest(double)} does. A double takes the
 * fast path when its shortest form has at most 15 significant digits and Java prints it without
 * an exponent (10^-3 up to 10^7): then the smallest number of decimals whose rounded value reads
 * back to the same double gives that form, and the division check makes it exact.
 */
final class NumberText {
    private static final double[] POW10 = new double[19];
    private static final long[] LPOW10 = new long[19];
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    static {
        double p = 1;
        long q = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            LPOW10[i] = q;
            p *= 10;
            q *= 10;
        }
    }

    private NumberText() {}

    /** The most bytes {@link #writeLong} or {@link #writeDouble} writes for any value. */
    static final int MAX_LENGTH = 32;

    /** Writes {@code v} at {@code dst[pos]}; returns the position after it. */
    static int writeLong(long v, byte[] dst, int pos) {
        if (v == Long.MIN_VALUE) {
            System.arraycopy(MIN_LONG, 0, dst, pos, MIN_LONG.length);
            return pos + MIN_LONG.length;
        }
        if (v < 0) {
            dst[pos++] = '-';
            v = -v;
        }
        return writeDigits(v, dst, pos);
    }

    private static int writeDigits(long v, byte[] dst, int pos) {
        int n = 1;
        for (long t = v; t >= 10; t /= 10) {
            n++;
        }
        int end = pos + n;
        for (int i = end - 1; i >= pos; i--) {
            dst[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return end;
    }

    /** Writes {@code d} in shortest round-trip form at {@code dst[pos]}; returns the position after it. */
    static int writeDouble(double d, byte[] dst, int pos) {
        int p = writeFast(d, dst, pos);
        if (p >= 0) {
            return p;
        }
        String s = Floats.shortest(d);
        for (int i = 0; i < s.length(); i++) {
            dst[pos + i] = (byte) s.charAt(i);
        }
        return pos + s.length();
    }

    /** The fast path: the position after the text, or -1 when {@link Floats#shortest} must decide. */
    static int writeFast(double d, byte[] dst, int pos) {
        double a = Math.abs(d);
        if (!(a >= 1e-3 && a < 1e7)) {
            return -1;
        }
        for (int k = 0; k < POW10.length; k++) {
            double scaled = a * POW10[k];
            if (scaled >= 1e15) {
                return -1; // more than 15 digits
            }
            long m = Math.round(scaled);
            if ((double) m / POW10[k] == a) {
                if (d < 0) {
                    dst[pos++] = '-';
                }
                pos = writeDigits(m / LPOW10[k], dst, pos);
                dst[pos++] = '.';
                if (k == 0) {
                    dst[pos++] = '0';
                    return pos;
                }
                long frac = m % LPOW10[k];
                for (int i = pos + k - 1; i >= pos; i--) {
                    dst[i] = (byte) ('0' + frac % 10);
                    frac /= 10;
                }
                return pos + k;
            }
        }
        return -1;
    }
}
