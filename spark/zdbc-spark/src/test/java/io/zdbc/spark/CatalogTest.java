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
import io.zdbc.engine.Zdbc;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ZdbcCatalog}: save modes of {@code saveAsTable}, CREATE/REPLACE/DROP/SHOW TABLES, reads by name. */
class CatalogTest {
    private static final AtomicInteger CATALOGS = new AtomicInteger();

    @TempDir
    Path dir;

    private SparkSession spark;
    private Path registry;
    private String cat;

    /** A catalog name per test: Spark keeps a catalog it has loaded for the session's life. */
    @BeforeEach
    void catalogOnAFreshDatabase() {
        spark = LocalSpark.get();
        registry = dir.resolve("db");
        cat = "zc" + CATALOGS.incrementAndGet();
        spark.conf().set("spark.sql.catalog." + cat, ZdbcCatalog.class.getName());
        spark.conf().set("spark.sql.catalog." + cat + ".db", registry.toString());
        try (Database db = Zdbc.open(registry)) {
            db.write(
                    "trades",
                    Batch.builder().i64("id", 1, 2, 3).str("sym", "A", "B", "A").build());
        }
    }

    private long version(String table) {
        try (Database db = Zdbc.open(registry)) {
            return db.info(table).version();
        }
    }

    private List<ColumnDef> columns(String table) {
        try (Database db = Zdbc.open(registry)) {
            return db.info(table).columns();
        }
    }

    private long[] ids(String table) {
        try (Database db = Zdbc.open(registry)) {
            return db.column(table, "id").toLongArray();
        }
    }

    @Test
    void errorIfExistsRaisesTableAlreadyExistsNamingTheTableAndLeavesIt() {
        long before = version("trades");
        Exception e = assertThrows(
                Exception.class,
                () -> spark.range(5).write().mode("errorifexists").saveAsTable(cat + ".trades"));
        assertTrue(e instanceof TableAlreadyExistsException, e.toString());
        assertTrue(e.getMessage().contains("trades"), e.getMessage());
        assertEquals(before, version("trades"));
        assertArrayEquals(new long[] {1, 2, 3}, ids("trades"));
    }

    @Test
    void errorIfExistsCreatesAMissingTableWithTheQuerysRowsInOneCommit() {
        spark.range(4)
                .selectExpr("id", "cast(id * 1.5 as double) as x")
                .repartition(3)
                .write()
                .mode("errorifexists")
                .saveAsTable(cat + ".fresh");
        assertEquals(List.of(ColumnDef.of("id", ColumnType.I64), ColumnDef.of("x", ColumnType.F64)), columns("fresh"));
        assertEquals(1, version("fresh"), "three tasks, one commit");
        assertEquals(6, Arrays.stream(ids("fresh")).sum());
    }

    @Test
    void ignoreLeavesAnExistingTableUntouchedAndCreatesAMissingOne() {
        long before = version("trades");
        spark.range(100, 105).write().mode("ignore").saveAsTable(cat + ".trades");
        assertEquals(before, version("trades"));
        assertArrayEquals(new long[] {1, 2, 3}, ids("trades"));
        spark.range(100, 105).write().mode("ignore").saveAsTable(cat + ".other");
        assertArrayEquals(new long[] {100, 101, 102, 103, 104}, ids("other"));
    }

    @Test
    void appendAddsTheRowsInOneCommitAndCreatesAMissingTable() {
        long before = version("trades");
        spark.range(10, 14)
                .selectExpr("id", "'C' as sym")
                .repartition(2)
                .write()
                .mode("append")
                .saveAsTable(cat + ".trades");
        assertEquals(before + 1, version("trades"));
        assertArrayEquals(
                new long[] {1, 2, 3, 10, 11, 12, 13},
                Arrays.stream(ids("trades")).sorted().toArray());
        spark.range(2).write().mode("append").saveAsTable(cat + ".made");
        assertArrayEquals(new long[] {0, 1}, ids("made"));
    }

    @Test
    void overwriteReplacesTheTableWithTheQuerysColumnsAndRows() {
        spark.range(7)
                .selectExpr("id", "id * 0.5 as half")
                .write()
                .mode("overwrite")
                .saveAsTable(cat + ".trades");
        assertEquals(
                List.of(ColumnDef.of("id", ColumnType.I64), ColumnDef.of("half", ColumnType.F64)), columns("trades"));
        try (Database db = Zdbc.open(registry)) {
            assertEquals(7, db.count("trades"));
            assertTrue(db.verify().ok(), db.verify().toString());
        }
    }

    @Test
    void aFailingOverwriteOrCreateLeavesTheDatabaseAsItWas() {
        long before = version("trades");
        String failing = "if(id = 7, raise_error('task fails'), 'x') as s";
        assertThrows(
                Exception.class,
                () -> spark.range(10)
                        .selectExpr("id", failing)
                        .write()
                        .mode("overwrite")
                        .saveAsTable(cat + ".trades"));
        assertThrows(
                Exception.class,
                () -> spark.range(10)
                        .selectExpr("id", failing)
                        .write()
                        .mode("errorifexists")
                        .saveAsTable(cat + ".never"));
        assertEquals(before, version("trades"));
        assertArrayEquals(new long[] {1, 2, 3}, ids("trades"));
        try (Database db = Zdbc.open(registry)) {
            assertFalse(db.exists("never"));
            assertTrue(db.verify().ok(), db.verify().toString());
        }
    }

    @Test
    void createTableUsingShowTablesTableByNameAndDropTable() {
        spark.sql("CREATE TABLE " + cat + ".fills (id BIGINT, px DOUBLE, venue STRING) USING zdbc");
        spark.sql("INSERT INTO " + cat + ".fills VALUES (1, 2.5, 'X'), (2, 3.5, 'Y')");
        List<String> shown = spark.sql("SHOW TABLES IN " + cat).collectAsList().stream()
                .map(r -> r.getString(1))
                .sorted()
                .toList();
        assertEquals(List.of("fills", "trades"), shown);
        List<Row> rows = spark.table(cat + ".fills").where("px > 3").collectAsList();
        assertEquals("[[2,3.5,Y]]", rows.toString());
        assertEquals(
                4L,
                spark.sql("SELECT sum(id) FROM " + cat + ".trades WHERE sym = 'A'")
                        .first()
                        .getLong(0));
        spark.sql("DROP TABLE " + cat + ".fills");
        try (Database db = Zdbc.open(registry)) {
            assertEquals(List.of("trades"), db.tables());
        }
        assertThrows(Exception.class, () -> spark.table(cat + ".fills").collectAsList());
    }

    @Test
    void createTableOfAnExistingTableOrAnUnstorableTypeIsRefusedNamingIt() {
        Exception exists = assertThrows(
                Exception.class, () -> spark.sql("CREATE TABLE " + cat + ".trades (id BIGINT) USING zdbc"));
        assertTrue(exists.getMessage().contains("trades"), exists.getMessage());
        Exception type = assertThrows(
                Exception.class, () -> spark.sql("CREATE TABLE " + cat + ".d (id BIGINT, day DATE) USING zdbc"));
        assertTrue(type.getMessage().contains("'day'") && type.getMessage().contains("date"), type.getMessage());
        try (Database db = Zdbc.open(registry)) {
            assertFalse(db.exists("d"));
        }
    }

    @Test
    void replaceTableWithoutRowsCommitsAnEmptyTableOfTheNewColumns() {
        spark.sql("REPLACE TABLE " + cat + ".trades (k STRING) USING zdbc");
        try (Database db = Zdbc.open(registry)) {
            assertEquals(
                    List.of(ColumnDef.of("k", ColumnType.STR)),
                    db.info("trades").columns());
            assertEquals(0, db.count("trades"));
        }
    }
}
