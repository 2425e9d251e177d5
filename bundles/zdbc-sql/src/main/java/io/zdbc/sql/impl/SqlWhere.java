package io.zdbc.sql.impl;

import io.zdbc.api.query.CompareOp;
import io.zdbc.api.query.Expressions;
import io.zdbc.api.query.Predicate;
import io.zdbc.sql.UnsupportedSqlException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.schema.Column;

/**
 * The WHERE clause of a SELECT as a DSL {@link Predicate}: AND, OR, NOT, comparisons (a constant
 * on either side), IN lists and BETWEEN, with SQL's constants (an integer beyond the i64 range
 * becomes the nearest double, as a literal of the DSL would).
 */
final class SqlWhere {
    private SqlWhere() {}

    static Predicate predicate(Expression e) {
        e = SqlNames.unwrap(e);
        if (e instanceof AndExpression) {
            return predicate(((AndExpression) e).getLeftExpression())
                    .and(predicate(((AndExpression) e).getRightExpression()));
        }
        if (e instanceof OrExpression) {
            return predicate(((OrExpression) e).getLeftExpression())
                    .or(predicate(((OrExpression) e).getRightExpression()));
        }
        if (e instanceof NotExpression) {
            return predicate(((NotExpression) e).getExpression()).not();
        }
        if (e instanceof Between) {
            Between b = (Between) e;
            Predicate p = Expressions.col(SqlNames.columnName(b.getLeftExpression(), "BETWEEN"))
                    .between(literal(b.getBetweenExpressionStart()), literal(b.getBetweenExpressionEnd()));
            return b.isNot() ? p.not() : p;
        }
        if (e instanceof InExpression) {
            InExpression in = (InExpression) e;
            Expression right = in.getRightExpression();
            if (!(right instanceof ExpressionList)) {
                throw new UnsupportedSqlException("IN needs a list of constants; subqueries are not supported");
            }
            List<Object> values = new ArrayList<>();
            for (Object v : (ExpressionList<?>) right) {
                values.add(literal((Expression) v));
            }
            Predicate p = Expressions.col(SqlNames.columnName(in.getLeftExpression(), "IN"))
                    .in(values.toArray());
            return in.isNot() ? p.not() : p;
        }
        if (e instanceof ComparisonOperator) {
            ComparisonOperator c = (ComparisonOperator) e;
            Expression l = SqlNames.unwrap(c.getLeftExpression());
            Expression r = SqlNames.unwrap(c.getRightExpression());
            boolean flip = !(l instanceof Column) && r instanceof Column;
            String column = SqlNames.columnName(flip ? r : l, "a comparison");
            Object value = literal(flip ? l : r);
            io.zdbc.api.query.Column col = Expressions.col(column);
            CompareOp op = flip ? opOf(c).flip() : opOf(c);
            switch (op) {
                case EQ:
                    return col.eq(value);
                case NE:
                    return col.ne(value);
                case LT:
                    return col.lt(value);
                case LE:
                    return col.le(value);
                case GT:
                    return col.gt(value);
                default:
                    return col.ge(value);
            }
        }
        throw new UnsupportedSqlException("WHERE supports AND, OR, NOT, comparisons, IN and BETWEEN, not " + e);
    }

    private static CompareOp opOf(ComparisonOperator c) {
        if (c instanceof EqualsTo) {
            return CompareOp.EQ;
        }
        if (c instanceof NotEqualsTo) {
            return CompareOp.NE;
        }
        if (c instanceof MinorThan) {
            return CompareOp.LT;
        }
        if (c instanceof MinorThanEquals) {
            return CompareOp.LE;
        }
        if (c instanceof GreaterThan) {
            return CompareOp.GT;
        }
        if (c instanceof GreaterThanEquals) {
            return CompareOp.GE;
        }
        throw new UnsupportedSqlException("the comparison " + c.getStringExpression() + " is not supported");
    }

    private static Object literal(Expression e) {
        e = SqlNames.unwrap(e);
        if (e instanceof LongValue) {
            return integer(new BigInteger(((LongValue) e).getStringValue()));
        }
        if (e instanceof DoubleValue) {
            return ((DoubleValue) e).getValue();
        }
        if (e instanceof StringValue) {
            return ((StringValue) e).getValue();
        }
        if (e instanceof SignedExpression && ((SignedExpression) e).getSign() == '-') {
            Expression inner = SqlNames.unwrap(((SignedExpression) e).getExpression());
            if (inner instanceof LongValue) {
                // -9223372036854775808 is the i64 minimum, though its digits alone are not an i64.
                return integer(new BigInteger(((LongValue) inner).getStringValue()).negate());
            }
            Object v = literal(inner);
            if (v instanceof Long) {
                return -(Long) v;
            }
            if (v instanceof Double) {
                return -(Double) v;
            }
        }
        throw new UnsupportedSqlException("expected a number or a 'string' constant, not " + e);
    }

    /** An integer constant: a Long, or beyond the i64 range the nearest double. */
    private static Object integer(BigInteger v) {
        return v.bitLength() < Long.SIZE ? (Object) v.longValue() : (Object) v.doubleValue();
    }
}
