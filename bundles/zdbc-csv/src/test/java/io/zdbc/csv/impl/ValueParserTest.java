package io.zdbc.csv.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.ColumnType;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * parseDouble folds case only where a special word (nan, inf, infinity) is possible, and parses
 * every field exactly as it did when it folded them all.
 */
class ValueParserTest {
    /** The special words, lower case, and their values. */
    private static final Map<String, Double> SPECIAL = Map.of(
            "nan",
            Double.NaN,
            "inf",
            Double.POSITIVE_INFINITY,
            "+inf",
            Double.POSITIVE_INFINITY,
            "infinity",
            Double.POSITIVE_INFINITY,
            "+infinity",
            Double.POSITIVE_INFINITY,
            "-inf",
            Double.NEGATIVE_INFINITY,
            "-infinity",
            Double.NEGATIVE_INFINITY);

    /** The rule as parseDouble had it: every field lower-cased, then a special word or a Java double. */
    private static double alwaysFolding(String s) {
        Double special = SPECIAL.get(s.toLowerCase(Locale.ROOT));
        return special != null ? special : Double.parseDouble(s);
    }

    private static String outcome(ToDoubleFunction<String> parse, String s) {
        try {
            return Double.toString(parse.applyAsDouble(s));
        } catch (RuntimeException e) {
            return e.getClass().getName();
        }
    }

    @Test
    void sameResultAsFoldingEveryField() {
        String[] fields = {
            "1",
            "1.5",
            "-2.25",
            "+3",
            ".5",
            "-.5",
            "+.5e3",
            "1e10",
            "1E-3",
            "0x1p3",
            "1.5d",
            "1f",
            "9999999999999999999999",
            "NaN",
            "nan",
            "NAN",
            "+nan",
            "-NaN",
            "inf",
            "INF",
            "+Inf",
            "-inf",
            "Infinity",
            "+INFINITY",
            "-infinity",
            "-Infinity",
            "infinite",
            "+",
            "-",
            ".",
            "",
            " 1",
            "1 ",
            " inf",
            "e5",
            "x",
            "1.2.3",
            "--1",
            "+-1",
            "\u0131nf",
            "\u0130nf",
            "nan\u0307"
        };
        for (String f : fields) {
            assertEquals(outcome(ValueParserTest::alwaysFolding, f), outcome(ValueParser::parseDouble, f), f);
        }
    }

    @Test
    void specialWordsInAnyCase() {
        assertEquals(Double.NaN, ValueParser.parseDouble("nAn"));
        assertEquals(Double.POSITIVE_INFINITY, ValueParser.parseDouble("+InFiNiTy"));
        assertEquals(Double.NEGATIVE_INFINITY, ValueParser.parseDouble("-INF"));
        assertEquals(-0.5, ValueParser.parseDouble("-.5"));
    }

    @Test
    void aMillionDigitsThatAreNoNumberAreRejectedWithoutBacktracking() {
        // Found by CsvImportFuzzTest: the number pattern backtracked quadratically, so one long
        // field of digits ending in a letter hung the import (hours for this one); the timeout only
        // stops a hang, the answer comes in milliseconds.
        String digits = "9".repeat(1 << 20);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            assertFalse(ValueParser.isDouble(digits + "x"));
            assertFalse(ValueParser.isDouble(digits + ".5e"));
            assertEquals(ColumnType.STR, ValueParser.infer(List.of("1", digits + "\0")));
            assertTrue(ValueParser.isDouble(digits + ".25e-3"));
        });
    }
}
