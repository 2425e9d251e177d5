package io.zdbc.flight.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.sql.Sql;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Flight SQL from arrow-java's FlightSqlClient: statements, SqlInfo, bulk ingest, refusals. */
class FlightSqlClientTest {
    static ServerFixture f;
    static FlightSqlClient sql;

    @BeforeAll
    static void start() {
        f = new ServerFixture(5_000);
        sql = new FlightSqlClient(f.client);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void statementAnswersAsTheSqlCompilerDoes() throws Exception {
        String q = "SELECT sym, min(price) AS lo FROM trades WHERE qty BETWEEN 3 AND 9 GROUP BY sym ORDER BY sym";
        FlightInfo info = sql.execute(q);
        assertEquals(4, info.getRecords());
        try (FlightStream s = sql.getStream(info.getEndpoints().get(0).getTicket())) {
            assertEquals(FlightClientTest.rows(Sql.query(f.db, q).collect()), FlightClientTest.read(s));
        }
    }

    @Test
    void sqlInfoNamesTheServerAndSaysItIngests() throws Exception {
        FlightInfo info = sql.getSqlInfo(
                FlightSql.SqlInfo.FLIGHT_SQL_SERVER_NAME, FlightSql.SqlInfo.FLIGHT_SQL_SERVER_BULK_INGESTION);
        try (FlightStream s = sql.getStream(info.getEndpoints().get(0).getTicket())) {
            String text = FlightClientTest.read(s).toString();
            assertTrue(text.contains("zdbc") && text.contains("true"), text);
        }
    }

    @Test
    void bulkIngestCreatesAppendsAndReplacesAsOneCommitEach() {
        Schema schema = new Schema(List.of(Field.notNullable("k", new ArrowType.Int(64, true))));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, f.allocator)) {
            BigIntVector k = (BigIntVector) root.getVector("k");
            k.allocateNew(3);
            for (int i = 0; i < 3; i++) {
                k.set(i, 10 + i);
            }
            root.setRowCount(3);
            TableDefinitionOptions append = TableDefinitionOptions.newBuilder()
                    .setIfNotExist(TableDefinitionOptions.TableNotExistOption.TABLE_NOT_EXIST_OPTION_CREATE)
                    .setIfExists(TableDefinitionOptions.TableExistsOption.TABLE_EXISTS_OPTION_APPEND)
                    .build();
            assertEquals(
                    3,
                    sql.executeIngest(
                            root, new FlightSqlClient.ExecuteIngestOptions("keys", append, null, null, Map.of())));
            assertEquals(
                    3,
                    sql.executeIngest(
                            root, new FlightSqlClient.ExecuteIngestOptions("keys", append, null, null, Map.of())));
            assertEquals(6, f.db.info("keys").rows());
            TableDefinitionOptions replace = append.toBuilder()
                    .setIfExists(TableDefinitionOptions.TableExistsOption.TABLE_EXISTS_OPTION_REPLACE)
                    .build();
            sql.executeIngest(root, new FlightSqlClient.ExecuteIngestOptions("keys", replace, null, null, Map.of()));
            assertEquals(3, f.db.info("keys").rows());
            TableDefinitionOptions fail = append.toBuilder()
                    .setIfExists(TableDefinitionOptions.TableExistsOption.TABLE_EXISTS_OPTION_FAIL)
                    .build();
            FlightRuntimeException e = assertThrows(
                    FlightRuntimeException.class,
                    () -> sql.executeIngest(
                            root, new FlightSqlClient.ExecuteIngestOptions("keys", fail, null, null, Map.of())));
            assertEquals(FlightStatusCode.ALREADY_EXISTS, e.status().code());
        } finally {
            if (f.db.exists("keys")) {
                f.db.drop("keys");
            }
        }
    }

    @Test
    void updatesTransactionsAndTypeInfoAreUnimplementedWithAClearMessage() {
        FlightRuntimeException update =
                assertThrows(FlightRuntimeException.class, () -> sql.executeUpdate("DELETE FROM trades"));
        assertEquals(FlightStatusCode.UNIMPLEMENTED, update.status().code());
        assertTrue(update.getMessage().contains("not supported"), update.getMessage());
        FlightRuntimeException tx = assertThrows(FlightRuntimeException.class, () -> sql.beginTransaction());
        assertEquals(FlightStatusCode.UNIMPLEMENTED, tx.status().code());
        FlightRuntimeException types = assertThrows(FlightRuntimeException.class, () -> sql.getXdbcTypeInfo());
        assertEquals(FlightStatusCode.UNIMPLEMENTED, types.status().code());
        assertEquals(5_000L, f.db.info("trades").rows());
    }
}
