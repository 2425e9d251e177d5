package io.zdbc.flight.impl;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.TableInfo;
import io.zdbc.api.TableSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlUtils;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Flight service over the served databases. Plain Flight: a ticket or command is UTF-8 SQL
 * text, or a JSON table request ({@link TableRequest}); a descriptor path is {@code [table]} or
 * {@code [database, table]}; DoPut to a path appends the upload as one commit; actions list and
 * drop tables. Flight SQL messages (protobuf {@code Any} commands) go to {@link FlightSqlCommands}.
 */
final class ZdbcFlightProducer extends FlightSqlCommands {
    static final ActionType LIST_TABLES = new ActionType(
            "list-tables", "One result per table: JSON {\"database\", \"table\", \"rows\", \"columns\"}.");
    static final ActionType DROP_TABLE = new ActionType(
            "drop-table", "Drops the table named by the body: its name in UTF-8, or JSON {\"database\", \"table\"}.");
    private static final String FLIGHT_SQL_TYPE = "type.googleapis.com/arrow.flight.protocol.sql.";

    private final ServerSettings settings;
    private final StreamLimit limit;

    ZdbcFlightProducer(ServedDatabases databases, BufferAllocator allocator, ServerSettings settings, String version) {
        super(databases, allocator, version);
        this.settings = settings;
        this.limit = new StreamLimit(settings.maxStreams());
    }

    @Override
    ServerSettings settings() {
        return settings;
    }

    /** True if {@code bytes} is a Flight SQL message (a protobuf Any of a Flight SQL type). */
    static boolean isFlightSql(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != 0x0A) {
            return false; // SQL text and JSON never start with Any's first field tag
        }
        try {
            return Any.parseFrom(bytes).getTypeUrl().startsWith(FLIGHT_SQL_TYPE);
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    @Override
    void stream(ServerStreamListener listener, StreamWork work) {
        try {
            limit.acquire();
        } catch (RuntimeException e) {
            listener.error(e);
            return;
        }
        try (BufferAllocator a = allocator.newChildAllocator("stream", 0, Long.MAX_VALUE)) {
            if (work.run(a, new BatchSender(listener))) {
                listener.completed();
            } else {
                listener.error(CallStatus.CANCELLED
                        .withDescription("the client cancelled the stream")
                        .toRuntimeException());
            }
        } catch (RuntimeException | LinkageError e) {
            listener.error(Statuses.of(e));
        } finally {
            limit.release();
        }
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
        byte[] bytes = ticket.getBytes();
        if (isFlightSql(bytes)) {
            super.getStream(context, ticket, listener);
        } else if (TableRequest.is(bytes)) {
            stream(listener, (a, sender) -> {
                TableRequest r = TableRequest.parse(bytes);
                ServedDatabases.Located t = locate(r);
                try (TableSnapshot snap =
                        r.columns().isEmpty() ? t.db().read(t.table()) : t.db().read(t.table(), r.columns())) {
                    return TableBatches.send(snap, a, sender, settings.rowsPerBatch(TableBatches.rowBytes(snap)));
                }
            });
        } else {
            streamSql(new String(bytes, StandardCharsets.UTF_8), listener);
        }
    }

    private ServedDatabases.Located locate(TableRequest r) {
        return databases.locate(r.path());
    }

    @Override
    public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
        if (descriptor.isCommand() && isFlightSql(descriptor.getCommand())) {
            return super.getFlightInfo(context, descriptor);
        }
        try {
            if (!descriptor.isCommand()) {
                ServedDatabases.Located t = databases.locate(descriptor.getPath());
                return tableInfo(t, List.of(), descriptor);
            }
            byte[] bytes = descriptor.getCommand();
            if (TableRequest.is(bytes)) {
                TableRequest r = TableRequest.parse(bytes);
                return tableInfo(locate(r), r.columns(), descriptor);
            }
            SqlRunner.Answer a = sql.run(new String(bytes, StandardCharsets.UTF_8));
            return info(a.schema(), descriptor, bytes, -1, a.result().rows());
        } catch (RuntimeException e) {
            throw Statuses.of(e);
        }
    }

    /** A table's FlightInfo: its schema (or the asked columns'), rows, and the ticket that streams it. */
    private FlightInfo tableInfo(ServedDatabases.Located t, List<String> columns, FlightDescriptor descriptor) {
        TableInfo info = t.db().info(t.table());
        Schema schema = ArrowTypes.schema(info.columns());
        if (!columns.isEmpty()) {
            List<Field> fields = new ArrayList<>();
            for (String c : columns) {
                fields.add(schema.findField(c));
            }
            schema = new Schema(fields);
        }
        String database = databases.single() ? null : t.database();
        byte[] ticket = new TableRequest(database, t.table(), columns, Ingest.Mode.APPEND_OR_CREATE).toBytes();
        return info(
                schema,
                descriptor,
                ticket,
                info.rows() * 8L * schema.getFields().size(),
                info.rows());
    }

    @Override
    public SchemaResult getSchema(CallContext context, FlightDescriptor descriptor) {
        if (descriptor.isCommand() && isFlightSql(descriptor.getCommand())) {
            return super.getSchema(context, descriptor);
        }
        return new SchemaResult(getFlightInfo(context, descriptor).getSchema());
    }

    @Override
    public void listFlights(CallContext context, Criteria criteria, StreamListener<FlightInfo> listener) {
        try {
            for (ServedDatabases.Located t : databases.tables()) {
                try {
                    listener.onNext(tableInfo(t, List.of(), FlightDescriptor.path(databases.path(t))));
                } catch (NoSuchTableException droppedMeanwhile) {
                    // not listed
                }
            }
            listener.onCompleted();
        } catch (RuntimeException e) {
            listener.onError(Statuses.of(e));
        }
    }

    @Override
    public Runnable acceptPut(CallContext context, FlightStream stream, StreamListener<PutResult> ack) {
        return () -> {
            try {
                limit.acquire();
            } catch (RuntimeException e) {
                ack.onError(e);
                return;
            }
            try {
                FlightDescriptor d = stream.getDescriptor();
                if (d.isCommand() && isFlightSql(d.getCommand())) {
                    super.acceptPut(context, stream, ack).run();
                } else {
                    TableRequest r = d.isCommand()
                            ? TableRequest.parse(d.getCommand())
                            : new TableRequest(null, null, List.of(), Ingest.Mode.APPEND_OR_CREATE);
                    ServedDatabases.Located t = d.isCommand() ? locate(r) : databases.locate(d.getPath());
                    Ingest.store(t.db(), t.table(), r.mode(), new UploadedBatches(stream, t.table()));
                }
                ack.onCompleted();
            } catch (RuntimeException | LinkageError e) {
                ack.onError(Statuses.of(e));
            } finally {
                limit.release();
            }
        };
    }

    @Override
    public void listActions(CallContext context, StreamListener<ActionType> listener) {
        listener.onNext(LIST_TABLES);
        listener.onNext(DROP_TABLE);
        FlightSqlUtils.FLIGHT_SQL_ACTIONS.forEach(listener::onNext);
        listener.onCompleted();
    }

    @Override
    public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
        if (!action.getType().equals(LIST_TABLES.getType()) && !action.getType().equals(DROP_TABLE.getType())) {
            super.doAction(context, action, listener);
            return;
        }
        try {
            if (action.getType().equals(LIST_TABLES.getType())) {
                TableActions.list(databases, listener);
            } else {
                TableActions.drop(databases, action.getBody());
            }
            listener.onCompleted();
        } catch (RuntimeException e) {
            listener.onError(Statuses.of(e));
        }
    }

    @Override
    public void close() {
        // the server owns the allocator; the databases belong to their services
    }
}
