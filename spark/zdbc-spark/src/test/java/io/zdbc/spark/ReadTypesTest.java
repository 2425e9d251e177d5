package io.zdbc.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.engine.Zdbc;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zdbc tables read through {@code format("zdbc")}: every type and its edge values, every partition size. */
class ReadTypesTest {
    static final long[] LONGS = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 42, 1L << 53, -(1L << 40)};
    static final double[] DOUBLES = {
        0.0,
        -0.0,
        1.5,
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE,
        -Double.MAX_VALUE
    };
    static final String[] STRINGS = {"", "a", "12345678", "a b", "aÄÄÄ", "€uro", "  x", "zz"};

    @TempDir
    Path dir;

    static Dataset<Row> read(SparkSession spark, Path registry, String table) {
        return spark.read()
                .format("zdbc")
                .option("db", registry.toString())
                .option("table", table)
                .load();
    }

    @Test
    void everyTypeAndEdgeValueReadsBackExactlyInRowOrder() {
        SparkSession spark = LocalSpark.get();
        Path registry = dir.resolve("db");
        try (Database db = Zdbc.open(registry)) {
            db.write(
                    "t",
                    Batch.builder()
                            .i64("i", LONGS)
                            .f64("f", DOUBLES)
                            .str("s", STRINGS)
                            .build());
        }
        for (String perPartition : List.of("1", "3", "1000")) {
            Dataset<Row> df = spark.read()
                    .format("zdbc")
                    .option("db", registry.toString())
                    .option("table", "t")
                    .option("rowsPerPartition", perPartition)
                    .option("batchRows", "2")
                    .load();
            StructType expected = new StructType()
                    .add("i", DataTypes.LongType, false)
                    .add("f", DataTypes.DoubleType, false)
                    .add("s", DataTypes.StringType, false);
            assertEquals(expected, df.schema());
            List<Row> rows = df.collectAsList();
            assertEquals(LONGS.length, rows.size(), "rows with " + perPartition + " rows per partition");
            for (int r = 0; r < rows.size(); r++) {
                assertEquals(LONGS[r], rows.get(r).getLong(0));
                assertEquals(
                        Double.doubleToRawLongBits(DOUBLES[r]),
                        Double.doubleToRawLongBits(rows.get(r).getDouble(1)),
                        "f64 bits of row " + r);
                assertEquals(STRINGS[r], rows.get(r).getString(2));
            }
        }
    }

    @Test
    void anEmptyTableIsAnEmptyDataFrameWithItsSchema() {
        SparkSession spark = LocalSpark.get();
        Path registry = dir.resolve("db");
        try (Database db = Zdbc.open(registry)) {
            db.write("empty", Batch.builder().i64("id").str("s").build());
        }
        Dataset<Row> df = read(spark, registry, "empty");
        assertArrayEquals(new String[] {"id", "s"}, df.schema().fieldNames());
        assertEquals(0, df.count());
        assertTrue(df.collectAsList().isEmpty());
        Row agg = df.agg(functions.count(functions.lit(1)), functions.sum("id"), functions.max("id"))
                .first();
        assertEquals(0L, agg.getLong(0));
        assertTrue(agg.isNullAt(1) && agg.isNullAt(2), "the sum and max of no rows are null: " + agg);
    }

    @Test
    void aMissingTableIsReportedByName() {
        SparkSession spark = LocalSpark.get();
        Path registry = dir.resolve("db");
        try (Database db = Zdbc.open(registry)) {
            db.write("t", Batch.builder().i64("id", 1).build());
        }
        Exception e = Assertions.assertThrows(Exception.class, () -> read(spark, registry, "nope"));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        Exception noDb = Assertions.assertThrows(
                Exception.class,
                () -> spark.read().format("zdbc").option("table", "t").load());
        assertTrue(noDb.getMessage().contains("option(\"db\""), noDb.getMessage());
    }
}
