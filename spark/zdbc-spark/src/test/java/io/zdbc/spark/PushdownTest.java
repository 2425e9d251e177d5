package io.zdbc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.engine.Zdbc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushdowns show in {@code explain()} and reduce what the scan hands to Spark; answers stay Spark's. */
class PushdownTest {
    static final int ROWS = 10_000;

    @TempDir
    Path dir;

    SparkSession spark;
    Path registry;

    @BeforeEach
    void table() {
        spark = LocalSpark.get();
        registry = dir.resolve("db");
        Trades.create(registry, ROWS);
        ScanCounters.reset();
    }

    Dataset<Row> trades() {
        return reader().load();
    }

    DataFrameReader reader() {
        return spark.read()
                .format("zdbc")
                .option("db", registry.toString())
                .option("table", "trades")
                .option("rowsPerPartition", "3000");
    }

    static String plan(Dataset<Row> df) {
        return df.queryExecution().executedPlan().toString();
    }

    @Test
    void comparisonsInBetweenAndOrNotAreEvaluatedByZdbcAndOnlyMatchingRowsReachSpark() {
        Dataset<Row> df =
                trades().where("id < 100 OR (id BETWEEN 5000 AND 5009 AND NOT sym = 'AAA') OR sym IN ('XYZ', 'QQ')");
        String plan = plan(df);
        assertTrue(
                plan.contains(
                        "PushedFilters: [((id < 100 OR ((id >= 5000 AND id <= 5009) AND NOT sym = 'AAA')) OR sym IN ['XYZ', 'QQ'])]"),
                plan);
        assertTrue(!plan.contains("Filter ("), "every filter is evaluated by zdbc, none again by Spark:\n" + plan);
        assertEquals(100 + 7, df.count());
        ScanCounters.reset();
        assertEquals(107, df.collectAsList().size());
        assertEquals(107, ScanCounters.rowsReturned());
        assertEquals(ROWS, ScanCounters.rowsFiltered());
    }

    @Test
    void onlyTheColumnsAQueryUsesAreRead() {
        Dataset<Row> df = reader().option("oneTaskAggregateRows", "1").load().select("qty");
        assertTrue(plan(df).contains("columns [qty]"), plan(df));
        long sum = df.groupBy().sum("qty").first().getLong(0);
        long expected = 0;
        for (int i = 0; i < ROWS; i++) {
            expected += i % 13;
        }
        assertEquals(expected, sum);
        assertEquals(4, ScanCounters.partitions());
        assertEquals(4, ScanCounters.columnsRead(), "one column per partition");
    }

    @Test
    void aLimitStopsEachPartitionEarly() {
        Dataset<Row> df = trades().where("sym = 'BB'").limit(5);
        assertTrue(plan(df).contains("PushedLimit: 5"), plan(df));
        assertEquals(5, df.collectAsList().size());
        assertTrue(ScanCounters.rowsReturned() <= 5 * 4, "rows returned: " + ScanCounters.rowsReturned());
    }

    @Test
    void f64FiltersKeepSparksNanOrderingBecauseSparkChecksTheRowsZdbcKeeps() {
        double[] values = {1.0, Double.NaN, 3.5, -2.0, Double.POSITIVE_INFINITY, Double.NaN, 0.0};
        try (Database db = Zdbc.open(registry)) {
            db.write("f", Batch.builder().f64("x", values).build());
        }
        List<Row> rows = new ArrayList<>();
        for (double v : values) {
            rows.add(RowFactory.create(v));
        }
        Dataset<Row> reference = spark.createDataFrame(rows, new StructType().add("x", DataTypes.DoubleType, false));
        Dataset<Row> zdbc = spark.read()
                .format("zdbc")
                .option("db", registry.toString())
                .option("table", "f")
                .load();
        for (String filter : List.of(
                "x > 1",
                "x >= 0",
                "x < 3.5",
                "x <= 'NaN'",
                "x = 'NaN'",
                "x <> 1",
                "x IN (1.0, 3.5)",
                "x BETWEEN 0 AND 4",
                "NOT x > 1",
                "x > 1 OR x < -1")) {
            assertEquals(reference.where(filter).count(), zdbc.where(filter).count(), filter);
            assertEquals(
                    reference.where(filter).orderBy("x").collectAsList(),
                    zdbc.where(filter).orderBy("x").collectAsList(),
                    filter);
        }
        assertTrue(plan(zdbc.where("x > 1")).contains("PushedFilters: [x > 1.0]"), plan(zdbc.where("x > 1")));
        Column[] aggs = {functions.min("x"), functions.max("x"), functions.count("x"), functions.sum("x")};
        assertTrue(plan(zdbc.agg(aggs[0], aggs)).contains("PushedAggregates"), plan(zdbc.agg(aggs[0], aggs)));
        assertEquals(
                reference.agg(aggs[0], aggs).collectAsList().toString(),
                zdbc.agg(aggs[0], aggs).collectAsList().toString(),
                "NaN is Spark's largest double");
    }

    @Test
    void aggregatesAndGroupByArePushedSoOnlyOneRowPerGroupAndPartitionReachesSpark() {
        Dataset<Row> df = trades().where("qty < 10")
                .groupBy("sym")
                .agg(
                        functions.count(functions.lit(1)),
                        functions.sum("qty"),
                        functions.min("price"),
                        functions.max("price"),
                        functions.avg("qty"));
        String plan = plan(df);
        assertTrue(
                plan.contains("PushedAggregates: [COUNT(*), SUM(qty), MIN(price), MAX(price)")
                        && plan.contains("PushedGroupBy: [sym]"),
                plan);
        assertEquals(4, df.collectAsList().size());
        assertTrue(ScanCounters.rowsReturned() <= 4 * 4, "partial results, not rows: " + ScanCounters.rowsReturned());
        ScanCounters.reset();
        assertEquals(ROWS, trades().count());
        assertEquals(0, ScanCounters.columnsRead(), "COUNT(*) reads no column");
    }

    @Test
    void strRangesAndLongLiteralsAreLeftToSparkAndStayCorrect() {
        Dataset<Row> df = trades().where("sym > 'BB' AND sym <> 'longer than eight'");
        String plan = plan(df);
        assertTrue(plan.contains("PushedFilters: []"), plan);
        assertEquals(ROWS / 2, df.count());
    }

    @Test
    void aTableUpToOneTaskAggregateRowsIsAggregatedCompletelyByOneTaskWithoutSparksMerge() {
        String sql = "SELECT sym, count(*), sum(qty), min(price), max(price), avg(price) FROM %s"
                + " WHERE id >= 100 AND id <= 8000 GROUP BY sym";
        trades().createOrReplaceTempView("whole");
        reader().option("oneTaskAggregateRows", "1").load().createOrReplaceTempView("parts");
        Dataset<Row> whole = spark.sql(String.format(sql, "whole"));
        String plan = plan(whole);
        assertTrue(plan.contains("(complete, one task)") && !plan.contains("HashAggregate"), plan);
        assertTrue(plan(spark.sql(String.format(sql, "parts"))).contains("HashAggregate"));
        ScanCounters.reset();
        List<Row> one = whole.collectAsList();
        assertEquals(1, ScanCounters.partitions());
        assertEquals(4, one.size());
        assertEquals(sorted(spark.sql(String.format(sql, "parts")).collectAsList()), sorted(one));
        String total = "SELECT count(*), sum(qty), min(qty), avg(price) FROM %s WHERE sym IN ('AAA', 'BB')";
        assertEquals(
                spark.sql(String.format(total, "parts")).collectAsList().toString(),
                spark.sql(String.format(total, "whole")).collectAsList().toString());
        assertTrue(plan(spark.sql(String.format(total, "whole"))).contains("(complete, one task)"));
    }

    private static List<String> sorted(List<Row> rows) {
        return rows.stream().map(Row::toString).sorted().toList();
    }

    @Test
    void aCompleteAggregateSplitOverThreadsAnswersAsSparksMergeOfPartitions() {
        long saved = ZdbcAggregateReader.rowsPerThread;
        ZdbcAggregateReader.rowsPerThread = 700; // ten thousand rows over every thread of the common pool
        try {
            trades().createOrReplaceTempView("whole");
            reader().option("oneTaskAggregateRows", "1").load().createOrReplaceTempView("parts");
            for (String sql : List.of(
                    "SELECT sym, qty, count(*), sum(qty), min(price), max(qty), avg(price) FROM %s"
                            + " WHERE qty <> 4 GROUP BY sym, qty",
                    "SELECT sym, count(*), sum(price), min(id), max(price) FROM %s WHERE id > 10 GROUP BY sym",
                    "SELECT count(*), sum(qty), min(price), max(id), avg(price) FROM %s WHERE id > 99 AND id < 9000"
                            + " AND id >= 50 AND sym <> 'BB'",
                    "SELECT count(*), sum(qty), min(id) FROM %s WHERE id < -5")) {
                assertTrue(plan(spark.sql(String.format(sql, "whole"))).contains("(complete, one task)"), sql);
                assertEquals(
                        sorted(spark.sql(String.format(sql, "parts")).collectAsList()),
                        sorted(spark.sql(String.format(sql, "whole")).collectAsList()),
                        sql);
            }
        } finally {
            ZdbcAggregateReader.rowsPerThread = saved;
        }
    }
}
