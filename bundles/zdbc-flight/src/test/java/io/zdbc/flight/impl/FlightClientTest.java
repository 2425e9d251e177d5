package io.zdbc.flight.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.query.Result;
import io.zdbc.sql.Sql;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plain Arrow Flight from the Java FlightClient: SQL and table tickets, listings, errors. */
class FlightClientTest {
    static final int ROWS = 50_000;
    static ServerFixture f;

    @BeforeAll
    static void start() {
        // small batches: a stream of several batches even for a modest table
        f = new ServerFixture(ROWS, new ServerSettings("127.0.0.1", 0, 16, 8_192, 1L << 20));
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    /** Every value of a stream, row by row as the zdbc Result would print them (names, then rows). */
    static List<List<Object>> read(FlightStream stream) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (stream) {
            while (stream.next()) {
                VectorSchemaRoot root = stream.getRoot();
                for (int r = 0; r < root.getRowCount(); r++) {
                    List<Object> row = new ArrayList<>();
                    for (FieldVector v : root.getFieldVectors()) {
                        Object o = v.getObject(r);
                        row.add(o instanceof Text ? o.toString() : o);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    static List<List<Object>> rows(Result r) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < r.rows(); i++) {
            List<Object> row = new ArrayList<>();
            for (int c = 0; c < r.width(); c++) {
                row.add(r.get(i, c));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<List<Object>> sql(String query) throws Exception {
        return read(f.client.getStream(new Ticket(query.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void sqlTicketStreamsTheSameAnswerAsTheSqlCompiler() throws Exception {
        for (String q : List.of(
                "SELECT * FROM trades WHERE sym='AAPL'",
                "SELECT sym, sum(qty) AS q, avg(price) FROM trades GROUP BY sym ORDER BY sym",
                "SELECT id, price FROM trades WHERE price > 300 AND qty < 5 ORDER BY id DESC LIMIT 100",
                "SELECT count(*) FROM trades")) {
            assertEquals(rows(Sql.query(f.db, q).collect()), sql(q), q);
        }
    }

    @Test
    void sqlTicketOfManyRowsComesInSeveralBatchesOfTheConfiguredSize() throws Exception {
        try (FlightStream s =
                f.client.getStream(new Ticket("SELECT id FROM trades".getBytes(StandardCharsets.UTF_8)))) {
            int batches = 0;
            long rows = 0;
            while (s.next()) {
                assertTrue(s.getRoot().getRowCount() <= 8_192);
                rows += s.getRoot().getRowCount();
                batches++;
            }
            assertEquals(ROWS, rows);
            assertEquals((ROWS + 8_191) / 8_192, batches);
        }
    }

    @Test
    void flightInfoOfASqlCommandHasTheAnswersSchemaRowsAndATicket() throws Exception {
        String q = "SELECT sym, max(price) AS hi FROM trades GROUP BY sym";
        FlightInfo info = f.client.getInfo(FlightDescriptor.command(q.getBytes(StandardCharsets.UTF_8)));
        assertEquals(
                "Schema<sym: Utf8, hi: FloatingPoint(DOUBLE)>", info.getSchema().toString());
        assertEquals(4, info.getRecords());
        assertEquals(
                rows(Sql.query(f.db, q).collect()),
                read(f.client.getStream(info.getEndpoints().get(0).getTicket())));
        Schema schema = f.client
                .getSchema(FlightDescriptor.command(q.getBytes(StandardCharsets.UTF_8)))
                .getSchema();
        assertEquals(info.getSchema(), schema);
    }

    @Test
    void listFlightsGivesEachTableWithPathSchemaAndRows() throws Exception {
        f.db.write("small", Batch.builder().i64("k", 1, 2, 3).build());
        try {
            List<FlightInfo> infos = new ArrayList<>();
            f.client.listFlights(Criteria.ALL).forEach(infos::add);
            FlightInfo trades = infos.stream()
                    .filter(i -> i.getDescriptor().getPath().equals(List.of("trades")))
                    .findFirst()
                    .orElseThrow();
            assertEquals(ROWS, trades.getRecords());
            assertEquals(
                    "Schema<id: Int(64, true) not null, sym: Utf8 not null, price: FloatingPoint(DOUBLE) not null,"
                            + " qty: Int(64, true) not null>",
                    trades.getSchema().toString());
            List<List<Object>> all =
                    read(f.client.getStream(trades.getEndpoints().get(0).getTicket()));
            assertEquals(rows(Sql.query(f.db, "SELECT * FROM trades").collect()), all);
            FlightInfo small = infos.stream()
                    .filter(i -> i.getDescriptor().getPath().equals(List.of("small")))
                    .findFirst()
                    .orElseThrow();
            assertEquals(3, small.getRecords());
        } finally {
            f.db.drop("small");
        }
    }

    @Test
    void tableTicketWithColumnsStreamsOnlyThoseColumnsInThatOrder() throws Exception {
        byte[] t = "{\"table\": \"trades\", \"columns\": [\"qty\", \"sym\"]}".getBytes(StandardCharsets.UTF_8);
        List<List<Object>> rows = read(f.client.getStream(new Ticket(t)));
        assertEquals(rows(Sql.query(f.db, "SELECT qty, sym FROM trades").collect()), rows);
        FlightInfo info = f.client.getInfo(FlightDescriptor.command(t));
        assertEquals(
                "Schema<qty: Int(64, true) not null, sym: Utf8 not null>",
                info.getSchema().toString());
    }

    @Test
    void badSqlIsInvalidArgumentWithTheCompilersMessageAndTheServerGoesOn() throws Exception {
        FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> sql("SELEKT * FROM trades"));
        assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code());
        assertTrue(e.getMessage().contains("cannot parse the SQL"), e.getMessage());
        FlightRuntimeException update = assertThrows(
                FlightRuntimeException.class,
                () -> f.client.getInfo(
                        FlightDescriptor.command("DELETE FROM trades".getBytes(StandardCharsets.UTF_8))));
        assertEquals(FlightStatusCode.INVALID_ARGUMENT, update.status().code());
        assertTrue(update.getMessage().contains("only SELECT is supported"), update.getMessage());
        assertEquals(List.of(List.of((Object) (long) ROWS)), sql("SELECT count(*) FROM trades"));
    }

    @Test
    void unknownTableIsNotFoundNamingItAndTheServerGoesOn() throws Exception {
        FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> sql("SELECT * FROM nope"));
        assertEquals(FlightStatusCode.NOT_FOUND, e.status().code());
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        FlightRuntimeException path =
                assertThrows(FlightRuntimeException.class, () -> f.client.getInfo(FlightDescriptor.path("nope")));
        assertEquals(FlightStatusCode.NOT_FOUND, path.status().code());
        FlightRuntimeException column = assertThrows(
                FlightRuntimeException.class,
                () -> read(f.client.getStream(new Ticket(
                        "{\"table\": \"trades\", \"columns\": [\"nah\"]}".getBytes(StandardCharsets.UTF_8)))));
        assertEquals(FlightStatusCode.INVALID_ARGUMENT, column.status().code());
        assertTrue(column.getMessage().contains("nah"), column.getMessage());
        assertEquals(4, sql("SELECT sym FROM trades GROUP BY sym").size());
    }

    @Test
    void actionsListAndDropTables() throws Exception {
        f.db.write("scratch", Batch.builder().f64("x", 1.5).build());
        List<String> listed = new ArrayList<>();
        f.client
                .doAction(new Action("list-tables"))
                .forEachRemaining(r -> listed.add(new String(r.getBody(), StandardCharsets.UTF_8)));
        assertTrue(
                listed.contains("{\"database\":\"db\",\"table\":\"scratch\",\"rows\":1,\"columns\":[\"x:f64\"]}"),
                listed.toString());
        f.client
                .doAction(new Action("drop-table", "scratch".getBytes(StandardCharsets.UTF_8)))
                .forEachRemaining(r -> {});
        assertTrue(!f.db.exists("scratch"));
        FlightRuntimeException again = assertThrows(
                FlightRuntimeException.class,
                () -> f.client
                        .doAction(new Action("drop-table", "scratch".getBytes(StandardCharsets.UTF_8)))
                        .forEachRemaining(r -> {}));
        assertEquals(CallStatus.NOT_FOUND.code(), again.status().code());
    }
}
