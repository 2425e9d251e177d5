package io.zdbc.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Database;
import io.zdbc.api.TableInfo;
import io.zdbc.engine.Zdbc;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code df.write.format("zdbc")}: type mapping, nulls, append, overwrite, refused types and modes. */
class WriteTest {
    @TempDir
    Path dir;

    static final StructType ALL_TYPES = new StructType()
            .add("l", DataTypes.LongType)
            .add("i", DataTypes.IntegerType)
            .add("sh", DataTypes.ShortType)
            .add("b", DataTypes.ByteType)
            .add("bool", DataTypes.BooleanType)
            .add("d", DataTypes.DoubleType)
            .add("f", DataTypes.FloatType)
            .add("dec", DataTypes.createDecimalType(20, 4))
            .add("s", DataTypes.StringType);

    static void write(Dataset<Row> df, Path registry, String table, SaveMode mode) {
        df.write()
                .format("zdbc")
                .option("db", registry.toString())
                .option("table", table)
                .mode(mode)
                .save();
    }

    @Test
    void everySparkTypeIsStoredAsTheConnectorsTableSaysWithNullsAsNullValues() {
        SparkSession spark = LocalSpark.get();
        Path registry = dir.resolve("db");
        List<Row> rows = Arrays.asList(
                RowFactory.create(
                        Long.MIN_VALUE,
                        Integer.MIN_VALUE,
                        Short.MIN_VALUE,
                        Byte.MIN_VALUE,
                        true,
                        Double.NaN,
                        Float.NEGATIVE_INFINITY,
                        new BigDecimal("-12345678.1234"),
                        "aÄÄÄÄ"),
                RowFactory.create(
                        Long.MAX_VALUE,
                        Integer.MAX_VALUE,
                        Short.MAX_VALUE,
                        Byte.MAX_VALUE,
                        false,
                        -0.0,
                        1.5f,
                        new BigDecimal("0.0001"),
                        "exactly8"),
                RowFactory.create(null, null, null, null, null, null, null, null, null));
        write(spark.createDataFrame(rows, ALL_TYPES).coalesce(1), registry, "t", SaveMode.Append);
        try (Database db = Zdbc.open(registry)) {
            TableInfo info = db.info("t");
            assertEquals(
                    List.of(
                            ColumnDef.of("l", ColumnType.I64),
                            ColumnDef.of("i", ColumnType.I64),
                            ColumnDef.of("sh", ColumnType.I64),
                            ColumnDef.of("b", ColumnType.I64),
                            ColumnDef.of("bool", ColumnType.I64),
                            ColumnDef.of("d", ColumnType.F64),
                            ColumnDef.of("f", ColumnType.F64),
                            ColumnDef.of("dec", ColumnType.F64),
                            ColumnDef.of("s", ColumnType.STR)),
                    info.columns());
            assertArrayEquals(
                    new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0},
                    db.column("t", "l").toLongArray());
            assertArrayEquals(
                    new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0},
                    db.column("t", "i").toLongArray());
            assertArrayEquals(
                    new long[] {Short.MIN_VALUE, Short.MAX_VALUE, 0},
                    db.column("t", "sh").toLongArray());
            assertArrayEquals(
                    new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE, 0},
                    db.column("t", "b").toLongArray());
            assertArrayEquals(new long[] {1, 0, 0}, db.column("t", "bool").toLongArray());
            double[] d = db.column("t", "d").toDoubleArray();
            assertTrue(Double.isNaN(d[0]));
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(d[1]));
            assertTrue(Double.isNaN(d[2]), "a null double is stored as NaN");
            assertArrayEquals(
                    new double[] {Double.NEGATIVE_INFINITY, 1.5, Double.NaN},
                    db.column("t", "f").toDoubleArray());
            assertArrayEquals(
                    new double[] {-12345678.1234, 0.0001, Double.NaN},
                    db.column("t", "dec").toDoubleArray());
            assertArrayEquals(
                    new String[] {"aÄÄÄ", "exactly8", ""},
                    db.column("t", "s").toStringArray(),
                    "str values are trimmed at a character boundary; null is the empty string");
            assertTrue(db.verify().ok(), db.verify().toString());
        }
    }

    @Test
    void zdbcValuesWrittenBySparkReadBackThroughSparkUnchanged() {
        SparkSession spark = LocalSpark.get();
        Path registry = dir.resolve("db");
        try (Database db = Zdbc.open(registry)) {
            db.write(
                    "src",
                    Batch.builder()
                            .i64("i", ReadTypesTest.LONGS)
                            .f64("f", ReadTypesTest.DOUBLES)
                            .str("s", ReadTypesTest.STRINGS)
                            .build());
        }
        write(ReadTypesTest.read(spark, registry, "src").repartition(3), registry, "copy", SaveMode.Overwrite);
        try (Database db = Zdbc.open(registry)) {
            List<Row> back =
                    ReadTypesTest.read(spark, registry, "copy").orderBy("i").collectAsList();
            List<Row> src =
                    ReadTypesTest.read(spark, registry, "src").orderBy("i").collectAsList();
            assertEquals(src.toString(), back.toString());
            assertEquals(db.count("src"), db.count("copy"));
        }
    }

    @Test
    void appendAddsRowsInOneCommitAndOverwriteReplacesTheTable() {
        SparkSession spark = LocalSpark.get();
        Path registry = dir.resolve("db");
        try (Database db = Zdbc.open(registry)) {
            db.write("t", Batch.builder().i64("id", 1, 2).str("s", "a", "b").build());
        }
        long before;
        try (Database db = Zdbc.open(registry)) {
            before = db.info("t").version();
        }
        Dataset<Row> more = spark.range(100, 110)
                .selectExpr("id", "cast(id as string) as s")
                .repartition(4);
        write(more, registry, "t", SaveMode.Append);
        try (Database db = Zdbc.open(registry)) {
            assertEquals(12, db.count("t"));
            assertEquals(before + 1, db.info("t").version(), "four tasks, one commit");
            assertEquals(
                    1 + 2 + 100 * 10 + 45,
                    Arrays.stream(db.column("t", "id").toLongArray()).sum());
        }
        write(spark.range(5).selectExpr("id * 2 as x"), registry, "t", SaveMode.Overwrite);
        try (Database db = Zdbc.open(registry)) {
            assertEquals(
                    List.of(ColumnDef.of("x", ColumnType.I64)), db.info("t").columns());
            assertEquals(20, Arrays.stream(db.column("t", "x").toLongArray()).sum());
            assertTrue(db.verify().ok());
        }
        assertFalse(Files.exists(Path.of(registry + "dir", ".zdbc-spark")), "the staging directory is removed");
    }

    @Test
    void aTypeZdbcCannotStoreIsRefusedNamingTheColumnAndNothingIsWritten() {
        SparkSession spark = LocalSpark.get();
        Path registry = dir.resolve("db");
        Dataset<Row> df = spark.createDataFrame(
                List.of(RowFactory.create(1L, Date.valueOf("2024-01-02"))),
                new StructType().add("id", DataTypes.LongType).add("day", DataTypes.DateType));
        Exception e = assertThrows(Exception.class, () -> write(df, registry, "t", SaveMode.Append));
        assertTrue(e.getMessage().contains("'day'") && e.getMessage().contains("date"), e.getMessage());
        try (Database db = Zdbc.open(registry)) {
            assertFalse(db.exists("t"));
        }
    }

    @Test
    void errorIfExistsIsRefusedBySparkForAPathStyleSourceAndLeavesTheTable() {
        SparkSession spark = LocalSpark.get();
        Path registry = dir.resolve("db");
        try (Database db = Zdbc.open(registry)) {
            db.write("t", Batch.builder().i64("id", 7).build());
        }
        Exception e = assertThrows(
                Exception.class, () -> write(spark.range(3).toDF(), registry, "t", SaveMode.ErrorIfExists));
        assertTrue(e.getMessage().contains("ErrorIfExists"), e.getMessage());
        try (Database db = Zdbc.open(registry)) {
            assertArrayEquals(new long[] {7}, db.column("t", "id").toLongArray());
        }
    }
}
