package io.zdbc.csv.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Numbers written and read without strings agree with the string forms they replace: {@link
 * Long#toString}, {@link Floats#shortest}, {@link Long#parseLong}, {@link Double#parseDouble}.
 * Seed: {@code -Dzdbc.fuzz.seed=…}; values per test: {@code -Dzdbc.csv.numbers.cases=…}.
 */
class NumberTextTest {
    private static final int CASES = Integer.getInteger("zdbc.csv.numbers.cases", 10_000);
    private static final double[] EDGES = {
        0.0,
        -0.0,
        1e-3,
        0.000999,
        9999999.0,
        1e7,
        -1e7,
        0.1,
        0.2,
        0.3,
        1.0 / 3,
        2.0 / 3,
        100.0,
        0.001,
        0.002,
        123.45,
        15999.99,
        Double.MIN_VALUE,
        Double.MAX_VALUE,
        Double.MIN_NORMAL,
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        9007199254740993.0,
        1e15,
        999999999999999.9,
        5e-324,
        2e23,
        1.0E22
    };

    private static String text(double d) {
        byte[] b = new byte[NumberText.MAX_LENGTH];
        return new String(b, 0, NumberText.writeDouble(d, b, 0), StandardCharsets.US_ASCII);
    }

    private static long seed() {
        long seed = Long.getLong("zdbc.fuzz.seed", new Random().nextLong());
        System.out.println("NumberTextTest seed " + seed + " (-Dzdbc.fuzz.seed=" + seed + ")");
        return seed;
    }

    @Test
    void doublesAreWrittenAsFloatsShortestWritesThem() {
        for (double d : EDGES) {
            assertEquals(Floats.shortest(d), text(d), "value " + d);
            assertEquals(Floats.shortest(-d), text(-d), "value " + -d);
        }
        Random rnd = new Random(seed());
        for (int i = 0; i < CASES; i++) {
            double d;
            switch (i % 4) {
                case 0:
                    d = Math.round(rnd.nextDouble() * 2_000_000) / 100.0; // prices
                    break;
                case 1:
                    d = Double.longBitsToDouble(rnd.nextLong()); // any bits
                    break;
                case 2:
                    d = rnd.nextDouble() * Math.pow(10, rnd.nextInt(14) - 4);
                    break;
                default:
                    d = (rnd.nextInt(2_000_000) - 1_000_000) / Math.pow(10, rnd.nextInt(8));
            }
            assertEquals(Floats.shortest(d), text(d), "value " + d + " (bits " + Double.doubleToRawLongBits(d) + ")");
        }
    }

    @Test
    void longsAreWrittenAsLongToStringWritesThem() {
        Random rnd = new Random(seed());
        byte[] b = new byte[NumberText.MAX_LENGTH];
        long[] edges = {0, 1, -1, 9, 10, -10, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 1_000_000_000_000L};
        for (long v : edges) {
            assertEquals(Long.toString(v), new String(b, 0, NumberText.writeLong(v, b, 0), StandardCharsets.US_ASCII));
        }
        for (int i = 0; i < CASES; i++) {
            long v = rnd.nextLong() >> rnd.nextInt(64);
            assertEquals(Long.toString(v), new String(b, 0, NumberText.writeLong(v, b, 0), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void fieldsParseAsTheStringParsersReadThem() {
        Random rnd = new Random(seed());
        long[] l = new long[1];
        double[] d = new double[1];
        String[] fixed = {
            "0",
            "-0",
            "+0",
            "007",
            "1.",
            ".5",
            "-.5",
            "+1.25",
            "123456789012345",
            "1234567890123456",
            "0.000000000000000000000001",
            "9223372036854775807",
            "-9223372036854775808",
            "99999999999999999999"
        };
        for (String s : fixed) {
            checkParse(s, l, d);
        }
        for (int i = 0; i < CASES; i++) {
            StringBuilder sb = new StringBuilder(rnd.nextBoolean() ? "" : rnd.nextBoolean() ? "-" : "+");
            int digits = 1 + rnd.nextInt(19);
            int dot = rnd.nextInt(digits + 2);
            for (int k = 0; k < digits; k++) {
                if (k == dot) {
                    sb.append('.');
                }
                sb.append((char) ('0' + rnd.nextInt(10)));
            }
            checkParse(sb.toString(), l, d);
        }
    }

    private static void checkParse(String s, long[] l, double[] d) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        boolean isLong = FieldValues.parseLong(b, 0, b.length, l, 0);
        Long expected;
        try {
            expected = Long.parseLong(s);
        } catch (NumberFormatException e) {
            expected = null;
        }
        assertEquals(expected != null, isLong, s);
        if (isLong) {
            assertEquals(expected, l[0], s);
        }
        assertEquals(ValueParser.isDouble(s), FieldValues.parseDouble(b, 0, b.length, d, 0), s);
        if (ValueParser.isDouble(s)) {
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(s)), Double.doubleToRawLongBits(d[0]), s);
        }
    }
}
