package io.zdbc.flight.impl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.TableInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.flight.FlightProducer.StreamListener;
import org.apache.arrow.flight.Result;

/** The plain-Flight actions on tables: list them, drop one. */
final class TableActions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TableActions() {}

    /** One result per table: {@code {"database", "table", "rows", "columns": ["name:type", ...]}}. */
    static void list(ServedDatabases databases, StreamListener<Result> listener) {
        for (ServedDatabases.Located t : databases.tables()) {
            TableInfo info;
            try {
                info = t.db().info(t.table());
            } catch (NoSuchTableException droppedMeanwhile) {
                continue;
            }
            ObjectNode o = JSON.createObjectNode();
            o.put("database", t.database());
            o.put("table", t.table());
            o.put("rows", info.rows());
            ArrayNode cols = o.putArray("columns");
            for (ColumnDef c : info.columns()) {
                cols.add(c.toString());
            }
            listener.onNext(new Result(o.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Drops the table the body names: UTF-8 text, or a JSON table request. */
    static void drop(ServedDatabases databases, byte[] body) {
        ServedDatabases.Located t = TableRequest.is(body)
                ? databases.locate(TableRequest.parse(body).path())
                : databases.locate(List.of(new String(body, StandardCharsets.UTF_8)));
        t.db().drop(t.table());
    }
}
