package io.zdbc.sql.impl;

import io.zdbc.api.Database;
import io.zdbc.api.query.Aggregate;
import io.zdbc.api.query.LazyResult;
import io.zdbc.api.query.Query;
import io.zdbc.sql.UnsupportedSqlException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Translates JSqlParser's tree of one SELECT into DSL calls. The result's columns are then put
 * in SELECT-list order with their aliases ({@link ReorderedResult}).
 */
public final class SqlCompiler {
    private SqlCompiler() {}

    /** One item of the SELECT list: a plain column or an aggregate, and its output name. */
    private record Output(String column, Aggregate aggregate, String name) {}

    public static LazyResult compile(Database db, String sql) {
        Statement st;
        try {
            st = CCJSqlParserUtil.parse(sql);
        } catch (JSQLParserException e) {
            String why = e.getCause() != null && e.getCause().getMessage() != null
                    ? e.getCause().getMessage()
                    : e.getMessage();
            throw new UnsupportedSqlException("cannot parse the SQL: " + firstLine(why));
        }
        if (!(st instanceof Select)) {
            throw new UnsupportedSqlException("only SELECT is supported, not " + kind(st));
        }
        if (!(st instanceof PlainSelect)) {
            throw new UnsupportedSqlException(
                    "UNION, INTERSECT, EXCEPT, VALUES and parenthesized selects are not supported");
        }
        PlainSelect ps = (PlainSelect) st;
        rejectUnsupported(ps);
        String table = table(ps);
        Query q = db.table(table);
        if (ps.getWhere() != null) {
            q = q.where(SqlWhere.predicate(ps.getWhere()));
        }
        List<String> keys = new ArrayList<>();
        if (ps.getGroupBy() != null) {
            for (Object e : ps.getGroupBy().getGroupByExpressionList()) {
                keys.add(SqlNames.columnName((Expression) e, "GROUP BY"));
            }
        }
        List<Output> outputs = outputs(ps);
        List<Aggregate> aggs = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        boolean star = false;
        for (Output o : outputs) {
            if (o.aggregate != null) {
                aggs.add(o.aggregate);
            } else if (o.column == null) {
                star = true;
            } else {
                plain.add(o.column);
            }
        }
        boolean sumOfNoRows = keys.isEmpty() && aggs.stream().anyMatch(a -> a.fn == Aggregate.Fn.SUM);
        LazyResult result;
        if (!keys.isEmpty()) {
            if (star) {
                throw new UnsupportedSqlException("SELECT * cannot be used with GROUP BY");
            }
            for (String c : plain) {
                if (!keys.contains(c)) {
                    throw new UnsupportedSqlException("column '" + c + "' must appear in GROUP BY or in an aggregate");
                }
            }
            List<Aggregate> run = aggs.isEmpty() ? List.of(Aggregate.count()) : aggs;
            result = q.groupBy(keys.toArray(new String[0])).agg(run.toArray(new Aggregate[0]));
        } else if (!aggs.isEmpty()) {
            if (!plain.isEmpty() || star) {
                throw new UnsupportedSqlException(
                        "column '" + (star ? "*" : plain.get(0)) + "' must appear in GROUP BY or in an aggregate");
            }
            List<Aggregate> run = new ArrayList<>(aggs);
            if (sumOfNoRows && run.stream().noneMatch(a -> a.fn == Aggregate.Fn.COUNT)) {
                run.add(Aggregate.count()); // tells whether any row matched: SQL's sum of no rows is NULL
            }
            result = q.agg(run.toArray(new Aggregate[0]));
        } else {
            result = star ? q.rows() : q.select(plain.toArray(new String[0])).rows();
        }
        List<String> order = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Boolean> nullIfNoRows = new ArrayList<>();
        for (Output o : outputs) {
            String internal = o.aggregate != null ? o.aggregate.name() : o.column;
            if (internal != null) {
                order.add(internal);
                names.add(o.name);
                nullIfNoRows.add(sumOfNoRows && o.aggregate != null && o.aggregate.fn == Aggregate.Fn.SUM);
            }
        }
        if (ps.getOrderByElements() != null) {
            if (ps.getOrderByElements().size() != 1) {
                throw new UnsupportedSqlException("ORDER BY supports one column, not "
                        + ps.getOrderByElements().size());
            }
            OrderByElement ob = ps.getOrderByElements().get(0);
            result = result.orderBy(orderColumn(ob.getExpression(), outputs), !ob.isAsc());
        }
        if (ps.getLimit() != null) {
            if (ps.getLimit().getOffset() != null || ps.getOffset() != null) {
                throw new UnsupportedSqlException("OFFSET is not supported");
            }
            Expression n = ps.getLimit().getRowCount();
            if (!(n instanceof LongValue)) {
                throw new UnsupportedSqlException("LIMIT needs a whole number, not " + n);
            }
            BigInteger rows = new BigInteger(((LongValue) n).getStringValue());
            result = result.limit(rows.bitLength() < Long.SIZE ? rows.longValue() : Long.MAX_VALUE);
        }
        return star && keys.isEmpty() && aggs.isEmpty()
                ? result
                : new ReorderedResult(
                        result, order, names, nullIfNoRows, Aggregate.count().name());
    }

    private static void rejectUnsupported(PlainSelect ps) {
        if (ps.getJoins() != null && !ps.getJoins().isEmpty()) {
            throw new UnsupportedSqlException("JOIN is not supported");
        }
        if (ps.getDistinct() != null) {
            throw new UnsupportedSqlException("DISTINCT is not supported");
        }
        if (ps.getHaving() != null) {
            throw new UnsupportedSqlException("HAVING is not supported");
        }
        if (ps.getWithItemsList() != null && !ps.getWithItemsList().isEmpty()) {
            throw new UnsupportedSqlException("WITH is not supported");
        }
        if (ps.getTop() != null || ps.getFetch() != null) {
            throw new UnsupportedSqlException("TOP and FETCH are not supported; use LIMIT");
        }
        if (ps.getGroupBy() != null
                && ps.getGroupBy().getGroupingSets() != null
                && !ps.getGroupBy().getGroupingSets().isEmpty()) {
            throw new UnsupportedSqlException("GROUPING SETS are not supported");
        }
    }

    private static String table(PlainSelect ps) {
        if (ps.getFromItem() == null) {
            throw new UnsupportedSqlException("a FROM table is required");
        }
        if (!(ps.getFromItem() instanceof Table)) {
            throw new UnsupportedSqlException("FROM must name a table; subqueries are not supported");
        }
        Table t = (Table) ps.getFromItem();
        // Quote names with '/' or '.', e.g. FROM "data/players". JSqlParser splits "a.b" at the dot
        // into schema and name even when quoted: put the parts back together.
        List<String> parts = new ArrayList<>(t.getNameParts());
        Collections.reverse(parts);
        List<String> names = new ArrayList<>();
        for (String p : parts) {
            names.add(SqlNames.unquote(p));
        }
        return String.join(".", names);
    }

    private static List<Output> outputs(PlainSelect ps) {
        List<Output> out = new ArrayList<>();
        for (SelectItem<?> item : ps.getSelectItems()) {
            Expression e = item.getExpression();
            String alias = item.getAlias() == null
                    ? null
                    : SqlNames.unquote(item.getAlias().getName());
            if (e instanceof AllColumns) {
                if (alias != null) {
                    throw new UnsupportedSqlException("* cannot have an alias");
                }
                out.add(new Output(null, null, "*"));
            } else if (e instanceof Column) {
                String c = SqlNames.columnName(e, "SELECT");
                out.add(new Output(c, null, alias == null ? c : alias));
            } else if (e instanceof Function) {
                Aggregate a = aggregate((Function) e);
                out.add(new Output(null, a, alias == null ? sqlName((Function) e) : alias));
            } else {
                throw new UnsupportedSqlException("SELECT supports columns and aggregates, not the expression " + e);
            }
        }
        return out;
    }

    /**
     * The name SQL gives an unaliased aggregate, as DuckDB and SQLite do: the call as written,
     * function in lower case ({@code avg(q)}, {@code count(*)}, {@code vwap(price, volume)}).
     */
    private static String sqlName(Function f) {
        List<String> args = new ArrayList<>();
        if (f.getParameters() != null) {
            for (Object p : f.getParameters()) {
                args.add(p instanceof AllColumns ? "*" : SqlNames.columnName((Expression) p, f.getName() + "()"));
            }
        }
        if (f.isAllColumns() || args.isEmpty()) {
            args.add("*");
        }
        return f.getName().toLowerCase(Locale.ROOT) + "(" + String.join(", ", args) + ")";
    }

    private static Aggregate aggregate(Function f) {
        String name = f.getName().toLowerCase(Locale.ROOT);
        if (f.isDistinct()) {
            throw new UnsupportedSqlException(name + "(DISTINCT ...) is not supported");
        }
        List<String> args = new ArrayList<>();
        if (f.getParameters() != null) {
            for (Object p : f.getParameters()) {
                if (p instanceof AllColumns) {
                    args.add("*");
                } else {
                    args.add(SqlNames.columnName((Expression) p, name + "()"));
                }
            }
        }
        if (f.isAllColumns()) {
            args.add("*");
        }
        switch (name) {
            case "count":
                if (args.size() != 1) {
                    throw new UnsupportedSqlException("count takes * or one column");
                }
                return Aggregate.count(); // no column holds nulls, so count(x) = count(*)
            case "sum":
                return Aggregate.sum(one(name, args));
            case "min":
                return Aggregate.min(one(name, args));
            case "max":
                return Aggregate.max(one(name, args));
            case "avg":
            case "mean":
                return Aggregate.mean(one(name, args));
            case "vwap":
                if (args.size() != 2) {
                    throw new UnsupportedSqlException("vwap takes two columns: vwap(price, volume)");
                }
                return Aggregate.vwap(args.get(0), args.get(1));
            default:
                throw new UnsupportedSqlException("function " + f.getName()
                        + "() is not supported (aggregates: sum, min, max, avg, count, vwap)");
        }
    }

    private static String one(String fn, List<String> args) {
        if (args.size() != 1 || args.get(0).equals("*")) {
            throw new UnsupportedSqlException(fn + " takes one column");
        }
        return args.get(0);
    }

    private static String orderColumn(Expression e, List<Output> outputs) {
        if (e instanceof Function) {
            String internal = aggregate((Function) e).name();
            for (Output o : outputs) {
                if (o.aggregate != null && o.aggregate.name().equals(internal)) {
                    return internal;
                }
            }
            throw new UnsupportedSqlException("ORDER BY " + e + " must also be in the SELECT list");
        }
        String name = SqlNames.columnName(e, "ORDER BY");
        for (Output o : outputs) {
            if (name.equals(o.name) || name.equals(o.column)) {
                return o.aggregate != null ? o.aggregate.name() : o.column;
            }
            if (o.column == null && o.aggregate == null) {
                return name; // SELECT *: any column
            }
        }
        throw new UnsupportedSqlException("ORDER BY " + name + " must name a column of the SELECT list");
    }

    private static String kind(Statement st) {
        String n = st.getClass().getSimpleName();
        return n.toUpperCase(Locale.ROOT);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
