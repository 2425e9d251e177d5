package io.zdbc.csv.impl;

import io.zdbc.api.ColumnType;
import java.util.regex.Pattern;

/** Type inference and parsing of CSV fields. */
final class ValueParser {
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,19}");
    private static final Pattern DECIMAL = Pattern.compile(
            "[+-]?(\\d+\\.?\\d*([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?)|[+-]?(?i:inf|infinity)|(?i:nan)");

    private ValueParser() {
    }

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
        String l = s.toLowerCase(java.util.Locale.ROOT);
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
