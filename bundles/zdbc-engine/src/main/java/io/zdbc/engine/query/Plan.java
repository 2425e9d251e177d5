package io.zdbc.engine.query;

import io.zdbc.api.query.Aggregate;
import io.zdbc.api.query.Predicate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An immutable query tree: scan a table, filter, then project rows or aggregate (per group),
 * then order and limit. Every DSL call makes a new plan.
 */
record Plan(
        String table,
        Predicate where,
        List<String> select,
        List<String> groupBy,
        List<Aggregate> aggregates,
        boolean rowsWanted,
        String orderBy,
        boolean descending,
        long limit) {

    Plan {
        select = List.copyOf(select);
        groupBy = List.copyOf(groupBy);
        aggregates = List.copyOf(aggregates);
    }

    static Plan scan(String table) {
        return new Plan(table, null, List.of(), List.of(), List.of(), false, null, false, -1);
    }

    Plan withWhere(Predicate p) {
        return new Plan(
                table,
                where == null ? p : where.and(p),
                select,
                groupBy,
                aggregates,
                rowsWanted,
                orderBy,
                descending,
                limit);
    }

    Plan withSelect(List<String> cols) {
        return new Plan(table, where, cols, groupBy, aggregates, rowsWanted, orderBy, descending, limit);
    }

    Plan withGroupBy(List<String> keys) {
        return new Plan(table, where, select, keys, aggregates, rowsWanted, orderBy, descending, limit);
    }

    Plan withAggregates(List<Aggregate> aggs) {
        return new Plan(table, where, select, groupBy, aggs, false, orderBy, descending, limit);
    }

    Plan withRows() {
        return new Plan(table, where, select, groupBy, List.of(), true, orderBy, descending, limit);
    }

    Plan withOrder(String column, boolean desc) {
        return new Plan(table, where, select, groupBy, aggregates, rowsWanted, column, desc, limit);
    }

    Plan withLimit(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must be 0 or more, not " + n);
        }
        return new Plan(table, where, select, groupBy, aggregates, rowsWanted, orderBy, descending, n);
    }

    /** Columns the scan must read: filter, projection, keys and aggregate inputs; empty for all. */
    List<String> columnsRead() {
        Set<String> cols = new LinkedHashSet<>();
        collect(where, cols);
        if (rowsWanted) {
            if (select.isEmpty()) {
                return List.of();
            }
            cols.addAll(select);
        }
        cols.addAll(groupBy);
        for (Aggregate a : aggregates) {
            if (a.column != null) {
                cols.add(a.column);
            }
            if (a.second != null) {
                cols.add(a.second);
            }
        }
        return new ArrayList<>(cols);
    }

    static void collect(Predicate p, Set<String> out) {
        if (p instanceof Predicate.Compare) {
            out.add(((Predicate.Compare) p).column());
        } else if (p instanceof Predicate.Between) {
            out.add(((Predicate.Between) p).column());
        } else if (p instanceof Predicate.In) {
            out.add(((Predicate.In) p).column());
        } else if (p instanceof Predicate.And) {
            collect(((Predicate.And) p).left(), out);
            collect(((Predicate.And) p).right(), out);
        } else if (p instanceof Predicate.Or) {
            collect(((Predicate.Or) p).left(), out);
            collect(((Predicate.Or) p).right(), out);
        } else if (p instanceof Predicate.Not) {
            collect(((Predicate.Not) p).inner(), out);
        }
    }

    /** The tree, leaf last, as {@code explain()} prints it. */
    String explain() {
        List<String> lines = new ArrayList<>();
        if (limit >= 0) {
            lines.add("Limit " + limit);
        }
        if (orderBy != null) {
            lines.add("OrderBy " + orderBy + (descending ? " DESC" : " ASC"));
        }
        if (!aggregates.isEmpty()) {
            lines.add((groupBy.isEmpty() ? "Aggregate " : "GroupBy " + groupBy + " Aggregate ") + aggregates);
        } else if (rowsWanted) {
            lines.add("Project " + (select.isEmpty() ? "*" : select));
        }
        if (where != null) {
            lines.add("Filter " + where);
        }
        List<String> read = columnsRead();
        lines.add("Scan " + table + " " + (read.isEmpty() ? "[*]" : read));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            sb.append("    ".repeat(Math.max(0, i - 1)))
                    .append(i == 0 ? "" : "└── ")
                    .append(lines.get(i))
                    .append('\n');
        }
        return sb.toString();
    }
}
