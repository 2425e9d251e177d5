package io.zdbc.sql.impl;

import io.zdbc.sql.UnsupportedSqlException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;

/** Column names in JSqlParser's tree: parentheses unwrapped, quotes removed, anything else refused. */
final class SqlNames {
    private SqlNames() {}

    static Expression unwrap(Expression e) {
        while (e instanceof ExpressionList && ((ExpressionList<?>) e).size() == 1) {
            e = (Expression) ((ExpressionList<?>) e).get(0);
        }
        return e;
    }

    static String columnName(Expression e, String where) {
        e = unwrap(e);
        if (!(e instanceof Column)) {
            throw new UnsupportedSqlException(where + " needs a column name, not " + e);
        }
        return unquote(((Column) e).getColumnName());
    }

    static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("`") && s.endsWith("`"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
