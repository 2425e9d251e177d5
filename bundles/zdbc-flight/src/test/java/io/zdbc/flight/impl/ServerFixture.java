package io.zdbc.flight.impl;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.engine.Zdbc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A database in /dev/shm with a {@code trades} table, a server on 127.0.0.1 (a free port) serving
 * it, and a Flight client connected to it. Closing stops all three and deletes the files.
 */
final class ServerFixture implements AutoCloseable {
    static final String[] SYMS = {"AAPL", "MSFT", "GOOG", "AMZN"};

    final Path dir;
    final Database db;
    final ZdbcFlightServer server;
    final BufferAllocator allocator = new RootAllocator();
    final FlightClient client;

    ServerFixture(int rows, ServerSettings settings) {
        this(rows, settings, FlightSecurity.none());
    }

    /** A server with that security; {@link #client} then has no credentials nor trusted certificate. */
    ServerFixture(int rows, ServerSettings settings, FlightSecurity security) {
        try {
            Path base = Files.isDirectory(Path.of("/dev/shm"))
                    ? Path.of("/dev/shm")
                    : Path.of(System.getProperty("java.io.tmpdir"));
            dir = Files.createTempDirectory(base, "zdbc-flight");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        db = Zdbc.open(dir.resolve("db"));
        if (rows > 0) {
            db.write("trades", trades(0, rows));
        }
        server = ZdbcFlightServer.start(Map.of("db", db), settings, security, "test");
        client =
                FlightClient.builder(allocator, new Location(server.location())).build();
    }

    ServerFixture(int rows) {
        this(rows, ServerSettings.defaults("127.0.0.1", 0));
    }

    /** {@code SELECT count(*) FROM trades} through {@code client}, with these call options. */
    static long count(FlightClient client, CallOption... options) throws Exception {
        try (FlightStream stream =
                client.getStream(new Ticket("SELECT count(*) FROM trades".getBytes(StandardCharsets.UTF_8)), options)) {
            if (!stream.next()) {
                throw new IllegalStateException("no batch in the answer to SELECT count(*)");
            }
            return ((Number) stream.getRoot().getVector(0).getObject(0)).longValue();
        }
    }

    int port() {
        return server.location().getPort();
    }

    /** Rows {@code [from, from+n)} of the trades table: id, sym, price, qty. */
    static Batch trades(long from, int n) {
        long[] id = new long[n];
        String[] sym = new String[n];
        double[] price = new double[n];
        long[] qty = new long[n];
        for (int i = 0; i < n; i++) {
            long r = from + i;
            id[i] = r;
            sym[i] = SYMS[(int) (r % SYMS.length)];
            price[i] = 100 + (r % 997) * 0.25;
            qty[i] = 1 + r % 50;
        }
        return Batch.builder()
                .i64("id", id)
                .str("sym", sym)
                .f64("price", price)
                .i64("qty", qty)
                .build();
    }

    @Override
    public void close() throws Exception {
        client.close();
        server.close();
        allocator.close();
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
