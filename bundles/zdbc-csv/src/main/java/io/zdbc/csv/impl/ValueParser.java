package io.zdbc.csv.impl;

import io.zdbc.api.ColumnType;
import java.util.Locale;
import java.util.regex.Pattern;

/** Type inference and parsing of CSV fields. */
final class ValueParser {
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,19}");
    /** Possessive quantifiers: a long run of digits that does not match fails in linear time. */
    private static final Pattern DECIMAL = Pattern.compile(
            "[+-]?+(\\d++(\\.\\d*+)?+([eE][+-]?+\\d++)?+|\\.\\d++([eE][+-]?+\\d++)?+)|[+-]?+(?i:inf|infinity)|(?i:nan)");

    private ValueParser() {}

    static boolean isLong(String s) {
        if (!INTEGER.matcher(s).matches()) {
            return false;
        }
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean isDouble(String s) {
        return DECIMAL.matcher(s).matches();
    }

    static double parseDouble(String s) {
        // Only nan, inf and infinity need the case folded, and none of them has a digit or '.'
        // after the optional sign: most fields are numbers and skip the folding and the switch.
        int i = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        if (i < s.length() && (isAsciiDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            return Double.parseDouble(s);
        }
        String l = s.toLowerCase(Locale.ROOT);
        switch (l) {
            case "nan":
                return Double.NaN;
            case "inf":
            case "+inf":
            case "infinity":
            case "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf":
            case "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.parseDouble(s);
        }
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Narrowest type that holds every non-empty sample: i64, then f64, else str. */
    static ColumnType infer(Iterable<String> samples) {
        boolean allLong = true;
        boolean allDouble = true;
        boolean any = false;
        for (String s : samples) {
            if (s.isEmpty()) {
                continue;
            }
            any = true;
            allLong &= isLong(s);
            allDouble &= allLong || isDouble(s);
            if (!allDouble) {
                return ColumnType.STR;
            }
        }
        if (!any) {
            return ColumnType.STR;
        }
        return allLong ? ColumnType.I64 : ColumnType.F64;
    }
}
