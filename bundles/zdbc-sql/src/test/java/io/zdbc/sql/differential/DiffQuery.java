package io.zdbc.sql.differential;

import java.util.List;

/** One generated query, as a tree that renders to zdbc SQL, the DSL and DuckDB SQL. */
record DiffQuery(
        DiffTable table,
        boolean star,
        List<Item> items,
        Pred where,
        List<String> groupBy,
        Order order,
        long limit,
        boolean upperKeywords) {

    /** A WHERE tree. */
    sealed interface Pred permits Cmp, Between, In, And, Or, Not {}

    /** {@code col op k}, or {@code k op col} when {@code constFirst}; op is one of = != <> < <= > >=. */
    record Cmp(String col, String op, Object k, boolean constFirst) implements Pred {}

    record Between(String col, Object lo, Object hi, boolean not) implements Pred {}

    record In(String col, List<Object> values, boolean not) implements Pred {}

    record And(Pred l, Pred r) implements Pred {}

    record Or(Pred l, Pred r) implements Pred {}

    record Not(Pred p) implements Pred {}

    /** fn is sum, min, max, avg, count or vwap, spelled as written in the SQL; col is null for count(*). */
    record Agg(String fn, String spelled, String col, String col2) {
        String fnLower() {
            return fn;
        }

        /** The column name SQL gives it without an alias, as DuckDB does (but count(*) for count_star()). */
        String sqlName() {
            return fn + "(" + (col == null ? "*" : col) + (col2 == null ? "" : ", " + col2) + ")";
        }

        String sqlText() {
            return spelled + "(" + (col == null ? "*" : col) + (col2 == null ? "" : ", " + col2) + ")";
        }
    }

    /** An output: a plain column or an aggregate, with an optional alias. */
    record Item(String column, Agg agg, String alias) {
        String sqlName() {
            return alias != null ? alias : column != null ? column : agg.sqlName();
        }
    }

    /** ORDER BY: an output item (index), or for {@code SELECT *} any column; by alias or by its text. */
    record Order(int item, String column, boolean desc, boolean byAlias) {}

    boolean grouped() {
        return !groupBy.isEmpty();
    }

    boolean aggregates() {
        return items.stream().anyMatch(i -> i.agg != null);
    }

    /** The output column names, in order. */
    List<String> columns() {
        return star ? DiffTable.COLUMNS : items.stream().map(Item::sqlName).toList();
    }
}
