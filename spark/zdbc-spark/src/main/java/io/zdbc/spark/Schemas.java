package io.zdbc.spark;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Spark types to zdbc types and back, as docs/CONNECTORS.md maps them. */
final class Schemas {
    private Schemas() {}

    /** The Spark schema of a zdbc table: i64 as long, f64 as double, str as string; no nulls. */
    static StructType toSpark(List<ColumnDef> columns) {
        StructField[] fields = new StructField[columns.size()];
        for (int i = 0; i < fields.length; i++) {
            ColumnDef c = columns.get(i);
            fields[i] = DataTypes.createStructField(c.name(), toSpark(c.type()), false);
        }
        return DataTypes.createStructType(fields);
    }

    static DataType toSpark(ColumnType type) {
        switch (type) {
            case I64:
                return DataTypes.LongType;
            case F64:
                return DataTypes.DoubleType;
            default:
                return DataTypes.StringType;
        }
    }

    /**
     * The zdbc column a Spark column is written to.
     *
     * @throws IllegalArgumentException naming the column, for a type zdbc cannot store
     */
    static ColumnType toZdbc(String table, StructField field) {
        DataType t = field.dataType();
        if (t instanceof LongType
                || t instanceof IntegerType
                || t instanceof ShortType
                || t instanceof ByteType
                || t instanceof BooleanType) {
            return ColumnType.I64;
        }
        if (t instanceof DoubleType || t instanceof FloatType || t instanceof DecimalType) {
            return ColumnType.F64;
        }
        if (t instanceof StringType) {
            return ColumnType.STR;
        }
        throw new IllegalArgumentException("table '" + table + "': column '" + field.name() + "' has Spark type "
                + t.simpleString() + ", which zdbc cannot store (it stores i64 from long/int/short/byte/boolean,"
                + " f64 from double/float/decimal, str from string); cast or drop the column");
    }

    static List<ColumnDef> toZdbc(String table, StructType schema) {
        List<ColumnDef> defs = new ArrayList<>(schema.fields().length);
        for (StructField f : schema.fields()) {
            defs.add(ColumnDef.of(f.name(), toZdbc(table, f)));
        }
        return defs;
    }
}
