package io.zdbc.flight.impl;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.query.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * zdbc's three column types as Arrow types and back: i64 is Int64, f64 Float64, str Utf8 (the
 * value with its padding dropped).
 */
final class ArrowTypes {
    private ArrowTypes() {}

    static ArrowType arrow(ColumnType type) {
        switch (type) {
            case I64:
                return new ArrowType.Int(64, true);
            case F64:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            default:
                return ArrowType.Utf8.INSTANCE;
        }
    }

    /** A table's schema: every column non-nullable, as zdbc has no nulls in tables. */
    static Schema schema(List<ColumnDef> columns) {
        List<Field> fields = new ArrayList<>(columns.size());
        for (ColumnDef c : columns) {
            fields.add(new Field(c.name(), FieldType.notNullable(arrow(c.type())), null));
        }
        return new Schema(fields);
    }

    /**
     * A query answer's schema. A column's type is its first non-null value's; a column with none
     * (no rows, or an aggregate of no rows) takes the type of a table column of that name, else
     * f64. Nullable, since an aggregate of no rows is null.
     */
    static Schema schema(Result result, Function<String, ColumnDef> columns) {
        List<Field> fields = new ArrayList<>(result.width());
        for (int c = 0; c < result.width(); c++) {
            fields.add(Field.nullable(result.names().get(c), arrow(type(result, c, columns))));
        }
        return new Schema(fields);
    }

    static ColumnType type(Result result, int column, Function<String, ColumnDef> columns) {
        for (int r = 0; r < result.rows(); r++) {
            Object v = result.get(r, column);
            if (v instanceof Long) {
                return ColumnType.I64;
            }
            if (v instanceof Double) {
                return ColumnType.F64;
            }
            if (v != null) {
                return ColumnType.STR;
            }
        }
        ColumnDef def = columns.apply(result.names().get(column));
        return def != null ? def.type() : ColumnType.F64;
    }

    /** The zdbc type an uploaded Arrow field is stored as, or null if it has none. */
    static ColumnType zdbc(ArrowType type) {
        if (type instanceof ArrowType.Int && ((ArrowType.Int) type).getIsSigned()) {
            return ColumnType.I64;
        }
        if (type instanceof ArrowType.Int) {
            return ((ArrowType.Int) type).getBitWidth() < 64 ? ColumnType.I64 : null;
        }
        if (type instanceof ArrowType.FloatingPoint) {
            return ColumnType.F64;
        }
        if (type instanceof ArrowType.Utf8 || type instanceof ArrowType.LargeUtf8) {
            return ColumnType.STR;
        }
        return null;
    }
}
