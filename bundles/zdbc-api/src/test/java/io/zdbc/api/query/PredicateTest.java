package io.zdbc.api.query;

import static io.zdbc.api.query.Expressions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredicateTest {
    @Test
    void predicatesBuiltFromEqualPartsAreEqual() {
        Predicate a = col("price").gt(100).and(col("sym").in("AAPL", "MSFT").not());
        Predicate b = col("price").gt(100L).and(col("sym").in("AAPL", "MSFT").not());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(
                a, col("price").ge(100).and(col("sym").in("AAPL", "MSFT").not()));
        assertNotEquals(col("x").between(1, 2), col("x").between(1, 3));
    }

    @Test
    void constantsAreNormalizedWhenThePredicateIsBuilt() {
        Predicate.Compare c = (Predicate.Compare) col("x").eq((short) 7);
        assertEquals(7L, c.value());
        assertEquals(CompareOp.EQ, c.op());
        Predicate.Between b = (Predicate.Between) col("x").between(1.5f, 'z');
        assertEquals(1.5d, b.low());
        assertEquals("z", b.high());
        assertThrows(IllegalArgumentException.class, () -> new Predicate.Compare("x", CompareOp.LT, new Object()));
    }

    @Test
    void inValuesCannotBeChangedAfterwards() {
        List<Object> values = new ArrayList<>(List.of(1, 2));
        Predicate.In in = new Predicate.In("x", values);
        values.add(3);
        assertEquals(List.of(1L, 2L), in.values());
        assertThrows(UnsupportedOperationException.class, () -> in.values().add(4L));
    }

    @Test
    void partsMustNotBeNull() {
        assertThrows(NullPointerException.class, () -> col("x").eq(1).and(null));
        assertThrows(NullPointerException.class, () -> new Predicate.Compare(null, CompareOp.EQ, 1));
    }

    @Test
    void toStringShowsTheFilterAsWritten() {
        assertEquals(
                "(price > 100 AND NOT sym IN ('A''s', 'B'))",
                col("price").gt(100).and(col("sym").in("A's", "B").not()).toString());
    }
}
