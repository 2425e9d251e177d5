package io.zdbc.flight.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.flight.AsyncPutListener;
import org.apache.arrow.flight.FlightClient.ClientStreamListener;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * Eight readers and one writer over Flight at once. The writer appends rows {@code id = v = 0, 1,
 * 2, ...} in uploads of {@value #ROWS_PER_PUT}; every answer a reader gets must be one committed
 * state: a whole number of uploads, ids contiguous from 0, sum and max matching the count.
 * Iterations: -Dzdbc.flight.puts (default {@value #DEFAULT_PUTS}).
 */
class ConcurrentReadersTest {
    static final int ROWS_PER_PUT = 5_000;
    static final int DEFAULT_PUTS = 12;
    static final int READERS = 8;

    @Test
    void readersSeeOnlyWholeCommitsWhileAWriterAppends() throws Exception {
        int puts = Integer.getInteger("zdbc.flight.puts", DEFAULT_PUTS);
        try (ServerFixture f = new ServerFixture(0)) {
            Schema schema = new Schema(List.of(
                    Field.notNullable("id", new ArrowType.Int(64, true)),
                    Field.notNullable("v", new ArrowType.Int(64, true))));
            put(f, schema, 0);
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(READERS);
            try {
                List<Future<Integer>> readers = new ArrayList<>();
                for (int r = 0; r < READERS; r++) {
                    boolean whole = r % 2 == 0;
                    readers.add(pool.submit(() -> read(f, whole, writing)));
                }
                for (int p = 1; p < puts; p++) {
                    put(f, schema, (long) p * ROWS_PER_PUT);
                }
                writing.set(false);
                for (Future<Integer> r : readers) {
                    assertTrue(r.get() > 0);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals((long) puts * ROWS_PER_PUT, f.db.info("acc").rows());
        }
    }

    private static void put(ServerFixture f, Schema schema, long from) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, f.allocator)) {
            ClientStreamListener l = f.client.startPut(FlightDescriptor.path("acc"), root, new AsyncPutListener());
            for (int half = 0; half < 2; half++) {
                BigIntVector id = (BigIntVector) root.getVector("id");
                BigIntVector v = (BigIntVector) root.getVector("v");
                int n = ROWS_PER_PUT / 2;
                id.allocateNew(n);
                v.allocateNew(n);
                for (int i = 0; i < n; i++) {
                    id.set(i, from + half * n + i);
                    v.set(i, from + half * n + i);
                }
                root.setRowCount(n);
                l.putNext();
            }
            l.completed();
            l.getResult();
        }
    }

    /** Reads until the writer is done, then once more; returns how many answers it checked. */
    private static int read(ServerFixture f, boolean wholeTable, AtomicBoolean writing) throws Exception {
        int checked = 0;
        boolean last = false;
        while (!last) {
            last = !writing.get();
            if (wholeTable) {
                long expect = 0;
                try (FlightStream s =
                        f.client.getStream(new Ticket("{\"table\":\"acc\"}".getBytes(StandardCharsets.UTF_8)))) {
                    while (s.next()) {
                        BigIntVector id = (BigIntVector) s.getRoot().getVector("id");
                        for (int i = 0; i < s.getRoot().getRowCount(); i++) {
                            assertEquals(expect++, id.get(i));
                        }
                    }
                }
                assertEquals(0, expect % ROWS_PER_PUT, "rows of a partial upload: " + expect);
            } else {
                String q = "SELECT count(*) AS n, sum(v) AS s, max(id) AS m FROM acc";
                try (FlightStream s = f.client.getStream(new Ticket(q.getBytes(StandardCharsets.UTF_8)))) {
                    assertTrue(s.next());
                    VectorSchemaRoot root = s.getRoot();
                    long n = ((BigIntVector) root.getVector("n")).get(0);
                    long sum = ((BigIntVector) root.getVector("s")).get(0);
                    long max = ((BigIntVector) root.getVector("m")).get(0);
                    assertEquals(0, n % ROWS_PER_PUT, "rows of a partial upload: " + n);
                    assertEquals(n * (n - 1) / 2, sum);
                    assertEquals(n - 1, max);
                }
            }
            checked++;
        }
        return checked;
    }
}
