package io.zdbc.flight.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A DoGet larger than gRPC's flow-control window, read by a client that pauses between batches:
 * the server must notice the window open again while its handler still runs, not wait for a
 * readiness callback that gRPC delivers only after the handler returns.
 */
class SlowClientTest {
    static final int ROWS = 600_000;
    static ServerFixture f;

    @BeforeAll
    static void start() {
        f = new ServerFixture(ROWS);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void aClientThatPausesBetweenBatchesGetsTheWholeTable() throws Exception {
        long rows = 0;
        long idSum = 0;
        try (FlightStream s =
                f.client.getStream(new Ticket("{\"table\": \"trades\"}".getBytes(StandardCharsets.UTF_8)))) {
            while (s.next()) {
                BigIntVector id = (BigIntVector) s.getRoot().getVector("id");
                for (int i = 0; i < id.getValueCount(); i++) {
                    idSum += id.get(i);
                }
                rows += s.getRoot().getRowCount();
                Thread.sleep(20); // lets the server fill the window and find the client not ready
            }
        }
        assertEquals(ROWS, rows);
        assertEquals((long) ROWS * (ROWS - 1) / 2, idSum);
    }

    @Test
    void aSqlAnswerLargerThanTheWindowArrivesWhole() throws Exception {
        long rows = 0;
        try (FlightStream s = f.client.getStream(
                new Ticket("SELECT id, qty FROM trades WHERE qty > 0".getBytes(StandardCharsets.UTF_8)))) {
            while (s.next()) {
                rows += s.getRoot().getRowCount();
                Thread.sleep(20);
            }
        }
        assertEquals(ROWS, rows);
    }
}
