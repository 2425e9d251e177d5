package io.zdbc.flight.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A ticket or command naming a table rather than a query: a JSON object such as
 * {@code {"table": "trades", "columns": ["sym", "price"]}}, with an optional {@code "database"}
 * and, for DoPut, {@code "mode"}: append (the default: create if missing), create or replace.
 * SQL text never starts with '{', so a ticket is one or the other.
 */
record TableRequest(String database, String table, List<String> columns, Ingest.Mode mode) {
    private static final ObjectMapper JSON = new ObjectMapper();

    TableRequest {
        columns = List.copyOf(columns);
    }

    static boolean is(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return b == '{';
            }
        }
        return false;
    }

    static TableRequest parse(byte[] bytes) {
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the table request is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("the table request cannot be read: " + e.getMessage());
        }
        if (n == null || !n.isObject() || !n.path("table").isTextual()) {
            throw new IllegalArgumentException("a table request is a JSON object with a \"table\" name, not "
                    + new String(bytes, StandardCharsets.UTF_8));
        }
        List<String> columns = new ArrayList<>();
        for (JsonNode c : n.path("columns")) {
            columns.add(c.asText());
        }
        Ingest.Mode mode = Ingest.Mode.APPEND_OR_CREATE;
        if (n.hasNonNull("mode")) {
            String m = n.get("mode").asText().toLowerCase(Locale.ROOT);
            switch (m) {
                case "append":
                    break;
                case "create":
                    mode = Ingest.Mode.CREATE;
                    break;
                case "replace":
                    mode = Ingest.Mode.REPLACE;
                    break;
                default:
                    throw new IllegalArgumentException("upload mode '" + m + "' is not one of append, create, replace");
            }
        }
        return new TableRequest(
                n.hasNonNull("database") ? n.get("database").asText() : null,
                n.get("table").asText(),
                columns,
                mode);
    }

    /** The ticket that streams this table. */
    byte[] toBytes() {
        ObjectNode o = JSON.createObjectNode();
        if (database != null) {
            o.put("database", database);
        }
        o.put("table", table);
        if (!columns.isEmpty()) {
            o.putArray("columns").addAll(columns.stream().map(o::textNode).toList());
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The descriptor path form: {@code [table]} or {@code [database, table]}. */
    List<String> path() {
        return database == null ? List.of(table) : List.of(database, table);
    }
}
