package io.zdbc.itest;

import static io.zdbc.api.query.Expressions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.api.DatabaseService;
import io.zdbc.api.query.LazyResult;
import io.zdbc.api.query.Result;
import io.zdbc.spi.Kernels;
import io.zdbc.sql.Sql;
import io.zdbc.sql.UnsupportedSqlException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/** The DSL and SQL inside the framework, with the kernels found as services. */
@ExtendWith(ServiceExtension.class)
class QueryTest {
    @InjectService(timeout = Timeouts.SERVICE_MS)
    DatabaseService service;

    @InjectService(timeout = Timeouts.SERVICE_MS, filter = "(zdbc.kernels=scalar)")
    Kernels scalar;

    @TempDir
    Path dir;

    @Test
    void dslAndSqlAnswerTheSameAndCacheUntilACommit() {
        try (Database db = service.open(dir.resolve("q.db"))) {
            db.write(
                    "trades",
                    Batch.builder()
                            .str("sym", "AAPL", "MSFT", "AAPL")
                            .f64("price", 15001, 14000, 15500)
                            .i64("volume", 10, 20, 30)
                            .build());
            LazyResult dsl = db.table("trades")
                    .where(col("sym").eq("AAPL").and(col("price").gt(15000)))
                    .select("volume")
                    .sum();
            assertEquals(40, dsl.collect().asLong());
            assertSame(dsl.collect(), dsl.collect());
            Result sql = Sql.query(db, "SELECT sum(volume) FROM trades WHERE sym = 'AAPL' AND price > 15000")
                    .collect();
            assertEquals(40, sql.asLong());
            db.append(
                    "trades",
                    Batch.builder()
                            .str("sym", "AAPL")
                            .f64("price", 16000)
                            .i64("volume", 2)
                            .build());
            assertEquals(42, dsl.collect().asLong());
            assertTrue(dsl.explain().contains("Filter"), dsl.explain());
            assertThrows(UnsupportedSqlException.class, () -> Sql.query(db, "SELECT * FROM a JOIN b ON 1 = 1"));
        }
    }

    @Test
    void theScalarKernelsAreAService() {
        assertEquals("scalar", scalar.name());
    }
}
