package io.zdbc.flight.impl;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.flight.CallStatus;

/**
 * The SQL text behind each open prepared statement handle (the Flight SQL JDBC driver prepares
 * every query). A handle is a random UUID; a bounded number are open at once, so clients that
 * never close theirs cannot fill the heap.
 */
final class PreparedStatements {
    static final int MAX_OPEN = 10_000;

    private final Map<ByteString, String> open = new ConcurrentHashMap<>();

    ByteString create(String sql) {
        if (open.size() >= MAX_OPEN) {
            throw CallStatus.RESOURCE_EXHAUSTED
                    .withDescription(MAX_OPEN + " prepared statements are open; close some first")
                    .toRuntimeException();
        }
        UUID id = UUID.randomUUID();
        ByteString handle = ByteString.copyFrom(ByteBuffer.allocate(16)
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits())
                .flip());
        open.put(handle, sql);
        return handle;
    }

    String sql(ByteString handle) {
        String sql = open.get(handle);
        if (sql == null) {
            throw CallStatus.NOT_FOUND
                    .withDescription("no open prepared statement has this handle (closed already?)")
                    .toRuntimeException();
        }
        return sql;
    }

    void close(ByteString handle) {
        open.remove(handle);
    }
}
