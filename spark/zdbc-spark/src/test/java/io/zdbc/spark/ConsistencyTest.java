package io.zdbc.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.api.TableInfo;
import io.zdbc.engine.Zdbc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan reads one version whatever writers do meanwhile, and a failed write changes nothing.
 * Writers run inside the job (from a UDF in its first task), so they commit while it runs.
 */
class ConsistencyTest {
    static final int ROWS = 5_000;
    static final AtomicBoolean WROTE = new AtomicBoolean();

    @TempDir
    Path dir;

    SparkSession spark;
    Path registry;

    @BeforeEach
    void table() {
        spark = LocalSpark.get();
        registry = dir.resolve("db");
        try (Database db = Zdbc.open(registry)) {
            db.write(
                    "t",
                    Batch.builder()
                            .i64("id", LongStream.range(0, ROWS).toArray())
                            .build());
        }
        WROTE.set(false);
    }

    Dataset<Row> scanWithWriterAtRowZero(String name, UDF1<Long, Long> writer) {
        spark.udf().register(name, writer, DataTypes.LongType);
        return spark.read()
                .format("zdbc")
                .option("db", registry.toString())
                .option("table", "t")
                .option("rowsPerPartition", "250")
                .option("batchRows", "50")
                .load()
                .selectExpr(name + "(id) AS id");
    }

    @Test
    void appendsCommittedDuringAScanAreNotSeenByItsLaterPartitions() {
        String db = registry.toString();
        Dataset<Row> df = scanWithWriterAtRowZero("appendOnce", id -> {
            if (id == 0 && WROTE.compareAndSet(false, true)) {
                try (Database w = Zdbc.open(Path.of(db))) {
                    for (int i = 0; i < 3; i++) {
                        w.append("t", Batch.builder().i64("id", -1, -2, -3).build());
                    }
                }
            }
            return id;
        });
        long[] ids = df.collectAsList().stream()
                .mapToLong(r -> r.getLong(0))
                .sorted()
                .toArray();
        assertTrue(WROTE.get());
        assertArrayEquals(LongStream.range(0, ROWS).toArray(), ids, "exactly the rows of the version planned");
        try (Database d = Zdbc.open(registry)) {
            assertEquals(ROWS + 9, d.count("t"), "the appends did commit during the job");
        }
    }

    @Test
    void aReplaceCommittedDuringAScanFailsItsLaterTasksSayingTheTableChanged() {
        String db = registry.toString();
        Dataset<Row> df = scanWithWriterAtRowZero("replaceOnce", id -> {
            if (id == 0 && WROTE.compareAndSet(false, true)) {
                try (Database w = Zdbc.open(Path.of(db))) {
                    w.write(
                            "t",
                            Batch.builder()
                                    .i64(
                                            "id",
                                            LongStream.range(0, ROWS)
                                                    .map(x -> -x)
                                                    .toArray())
                                    .build());
                }
            }
            return id;
        });
        Exception e = assertThrows(Exception.class, df::collectAsList);
        String all = messages(e);
        assertTrue(all.contains("table 't' changed during the job (pinned version 1, now version 2)"), all);
    }

    @Test
    void aFailingWriteTaskLeavesTheTableAsItWasAndVerifyClean() {
        TableInfo before;
        try (Database db = Zdbc.open(registry)) {
            before = db.info("t");
        }
        spark.udf()
                .register(
                        "failAt",
                        (UDF1<Long, Long>) id -> {
                            if (id == 7_777) {
                                throw new IllegalStateException("task fails on purpose at row " + id);
                            }
                            return id;
                        },
                        DataTypes.LongType);
        Dataset<Row> rows = spark.range(0, 10_000, 1, 4).selectExpr("failAt(id) AS id");
        for (SaveMode mode : List.of(SaveMode.Append, SaveMode.Overwrite)) {
            Exception e = assertThrows(Exception.class, () -> WriteTest.write(rows, registry, "t", mode));
            assertTrue(messages(e).contains("task fails on purpose"), messages(e));
            try (Database db = Zdbc.open(registry)) {
                assertEquals(before, db.info("t"), mode + " left the table unchanged");
                assertEquals(ROWS, db.column("t", "id").toLongArray().length);
                assertTrue(db.verify().ok(), db.verify().toString());
            }
        }
        assertFalse(Files.exists(Path.of(registry + "dir", ".zdbc-spark")), "the staged files are deleted");
    }

    static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t).append('\n');
        }
        return sb.toString();
    }
}
