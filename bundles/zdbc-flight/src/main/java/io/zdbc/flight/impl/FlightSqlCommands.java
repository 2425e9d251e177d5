package io.zdbc.flight.impl;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Flight SQL half of the producer: statements, prepared statements (create, query, close),
 * metadata and bulk ingest, on the same SQL runner, streams and atomic ingest as plain Flight
 * ({@link ZdbcFlightProducer}). Commands zdbc has no use for answer UNIMPLEMENTED.
 */
abstract class FlightSqlCommands implements FlightSqlProducer {
    final ServedDatabases databases;
    final SqlRunner sql;
    final BufferAllocator allocator;
    private final SqlCatalog catalog;
    private final PreparedStatements prepared = new PreparedStatements();

    FlightSqlCommands(ServedDatabases databases, BufferAllocator allocator, String version) {
        this.databases = databases;
        this.sql = new SqlRunner(databases);
        this.allocator = allocator;
        this.catalog = new SqlCatalog(databases, version);
    }

    /** Runs {@code work} as one counted stream with its own allocator; errors go to the client. */
    abstract void stream(ServerStreamListener listener, StreamWork work);

    /** What a stream does with its allocator and sender. */
    interface StreamWork {
        /** False if the client went away before the end. */
        boolean run(BufferAllocator allocator, BatchSender sender);
    }

    /** Streams the answer of {@code text}. */
    final void streamSql(String text, ServerStreamListener listener) {
        stream(listener, (a, sender) -> {
            SqlRunner.Answer answer = sql.run(text);
            return ResultBatches.send(
                    answer.result(),
                    answer.schema(),
                    a,
                    sender,
                    settings().rowsPerBatch(ResultBatches.rowBytes(answer.schema())));
        });
    }

    abstract ServerSettings settings();

    /** A FlightInfo whose one endpoint (no location: this connection) has {@code ticket}. */
    static FlightInfo info(Schema schema, FlightDescriptor descriptor, byte[] ticket, long bytes, long rows) {
        return new FlightInfo(schema, descriptor, List.of(new FlightEndpoint(new Ticket(ticket))), bytes, rows);
    }

    /** A metadata command's FlightInfo: its fixed schema, and the command itself as the ticket. */
    private static FlightInfo metadata(Schema schema, Message request, FlightDescriptor descriptor) {
        return info(schema, descriptor, Any.pack(request).toByteArray(), -1, -1);
    }

    private FlightInfo sqlInfo(String text, FlightDescriptor descriptor, byte[] ticket) {
        try {
            SqlRunner.Answer a = sql.run(text);
            return info(a.schema(), descriptor, ticket, -1, a.result().rows());
        } catch (RuntimeException e) {
            throw Statuses.of(e);
        }
    }

    @Override
    public FlightInfo getFlightInfoStatement(
            FlightSql.CommandStatementQuery command, CallContext context, FlightDescriptor descriptor) {
        FlightSql.TicketStatementQuery ticket = FlightSql.TicketStatementQuery.newBuilder()
                .setStatementHandle(ByteString.copyFromUtf8(command.getQuery()))
                .build();
        return sqlInfo(command.getQuery(), descriptor, Any.pack(ticket).toByteArray());
    }

    @Override
    public FlightInfo getFlightInfoPreparedStatement(
            FlightSql.CommandPreparedStatementQuery command, CallContext context, FlightDescriptor descriptor) {
        return sqlInfo(
                prepared.sql(command.getPreparedStatementHandle()),
                descriptor,
                Any.pack(command).toByteArray());
    }

    @Override
    public SchemaResult getSchemaStatement(
            FlightSql.CommandStatementQuery command, CallContext context, FlightDescriptor descriptor) {
        return new SchemaResult(
                sqlInfo(command.getQuery(), descriptor, new byte[0]).getSchema());
    }

    @Override
    public void getStreamStatement(
            FlightSql.TicketStatementQuery ticket, CallContext context, ServerStreamListener listener) {
        streamSql(ticket.getStatementHandle().toString(StandardCharsets.UTF_8), listener);
    }

    @Override
    public void getStreamPreparedStatement(
            FlightSql.CommandPreparedStatementQuery command, CallContext context, ServerStreamListener listener) {
        String text;
        try {
            text = prepared.sql(command.getPreparedStatementHandle());
        } catch (RuntimeException e) {
            listener.error(Statuses.of(e));
            return;
        }
        streamSql(text, listener);
    }

    @Override
    public void createPreparedStatement(
            FlightSql.ActionCreatePreparedStatementRequest request,
            CallContext context,
            StreamListener<Result> listener) {
        try {
            Schema schema = sqlInfo(request.getQuery(), FlightDescriptor.command(new byte[0]), new byte[0])
                    .getSchema();
            FlightSql.ActionCreatePreparedStatementResult result =
                    FlightSql.ActionCreatePreparedStatementResult.newBuilder()
                            .setPreparedStatementHandle(prepared.create(request.getQuery()))
                            .setDatasetSchema(ByteString.copyFrom(schema.serializeAsMessage()))
                            .build();
            listener.onNext(new Result(Any.pack(result).toByteArray()));
            listener.onCompleted();
        } catch (RuntimeException e) {
            listener.onError(Statuses.of(e));
        }
    }

    @Override
    public void closePreparedStatement(
            FlightSql.ActionClosePreparedStatementRequest request,
            CallContext context,
            StreamListener<Result> listener) {
        prepared.close(request.getPreparedStatementHandle());
        listener.onCompleted();
    }

    @Override
    public Runnable acceptPutStatementBulkIngest(
            FlightSql.CommandStatementIngest command,
            CallContext context,
            FlightStream stream,
            StreamListener<PutResult> ack) {
        return () -> {
            FlightSql.CommandStatementIngest.TableDefinitionOptions o = command.getTableDefinitionOptions();
            boolean create = o.getIfNotExist()
                    == FlightSql.CommandStatementIngest.TableDefinitionOptions.TableNotExistOption
                            .TABLE_NOT_EXIST_OPTION_CREATE;
            Ingest.Mode mode;
            switch (o.getIfExists()) {
                case TABLE_EXISTS_OPTION_REPLACE:
                    mode = Ingest.Mode.REPLACE;
                    break;
                case TABLE_EXISTS_OPTION_APPEND:
                    mode = create ? Ingest.Mode.APPEND_OR_CREATE : Ingest.Mode.APPEND;
                    break;
                default:
                    mode = Ingest.Mode.CREATE; // FAIL (and unspecified): the table must be new
            }
            ServedDatabases.Located t = command.hasCatalog()
                    ? databases.locate(List.of(command.getCatalog(), command.getTable()))
                    : databases.find(command.getTable());
            long rows = Ingest.store(t.db(), t.table(), mode, new UploadedBatches(stream, t.table()));
            FlightSql.DoPutUpdateResult result = FlightSql.DoPutUpdateResult.newBuilder()
                    .setRecordCount(rows)
                    .build();
            byte[] bytes = result.toByteArray();
            try (ArrowBuf buf = allocator.buffer(bytes.length)) {
                buf.writeBytes(bytes); // clients read the readable bytes, up to the writer index
                ack.onNext(PutResult.metadata(buf));
            }
        };
    }

    @Override
    public Runnable acceptPutStatement(
            FlightSql.CommandStatementUpdate command,
            CallContext context,
            FlightStream stream,
            StreamListener<PutResult> ack) {
        throw Statuses.unimplemented("SQL updates (INSERT, UPDATE, DELETE, DDL)");
    }

    @Override
    public Runnable acceptPutPreparedStatementUpdate(
            FlightSql.CommandPreparedStatementUpdate command,
            CallContext context,
            FlightStream stream,
            StreamListener<PutResult> ack) {
        throw Statuses.unimplemented("prepared SQL updates");
    }

    @Override
    public Runnable acceptPutPreparedStatementQuery(
            FlightSql.CommandPreparedStatementQuery command,
            CallContext context,
            FlightStream stream,
            StreamListener<PutResult> ack) {
        throw Statuses.unimplemented("binding parameters to a prepared statement");
    }

    @Override
    public FlightInfo getFlightInfoSqlInfo(
            FlightSql.CommandGetSqlInfo request, CallContext context, FlightDescriptor descriptor) {
        return metadata(Schemas.GET_SQL_INFO_SCHEMA, request, descriptor);
    }

    @Override
    public void getStreamSqlInfo(
            FlightSql.CommandGetSqlInfo command, CallContext context, ServerStreamListener listener) {
        catalog.sqlInfo(command, listener);
    }

    @Override
    public FlightInfo getFlightInfoTypeInfo(
            FlightSql.CommandGetXdbcTypeInfo request, CallContext context, FlightDescriptor descriptor) {
        throw Statuses.unimplemented("GetXdbcTypeInfo");
    }

    @Override
    public void getStreamTypeInfo(
            FlightSql.CommandGetXdbcTypeInfo request, CallContext context, ServerStreamListener listener) {
        listener.error(Statuses.unimplemented("GetXdbcTypeInfo"));
    }

    @Override
    public FlightInfo getFlightInfoCatalogs(
            FlightSql.CommandGetCatalogs request, CallContext context, FlightDescriptor descriptor) {
        return metadata(Schemas.GET_CATALOGS_SCHEMA, request, descriptor);
    }

    @Override
    public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
        catalog.catalogs(allocator, listener);
    }

    @Override
    public FlightInfo getFlightInfoSchemas(
            FlightSql.CommandGetDbSchemas request, CallContext context, FlightDescriptor descriptor) {
        return metadata(Schemas.GET_SCHEMAS_SCHEMA, request, descriptor);
    }

    @Override
    public void getStreamSchemas(
            FlightSql.CommandGetDbSchemas command, CallContext context, ServerStreamListener listener) {
        catalog.schemas(allocator, listener);
    }

    @Override
    public FlightInfo getFlightInfoTables(
            FlightSql.CommandGetTables request, CallContext context, FlightDescriptor descriptor) {
        Schema schema = request.getIncludeSchema() ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA;
        return metadata(schema, request, descriptor);
    }

    @Override
    public void getStreamTables(
            FlightSql.CommandGetTables command, CallContext context, ServerStreamListener listener) {
        catalog.tables(command, allocator, listener);
    }

    @Override
    public FlightInfo getFlightInfoTableTypes(
            FlightSql.CommandGetTableTypes request, CallContext context, FlightDescriptor descriptor) {
        return metadata(Schemas.GET_TABLE_TYPES_SCHEMA, request, descriptor);
    }

    @Override
    public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
        catalog.tableTypes(allocator, listener);
    }

    @Override
    public FlightInfo getFlightInfoPrimaryKeys(
            FlightSql.CommandGetPrimaryKeys request, CallContext context, FlightDescriptor descriptor) {
        return metadata(Schemas.GET_PRIMARY_KEYS_SCHEMA, request, descriptor);
    }

    /** zdbc tables have no keys: an empty answer (JDBC tools ask). */
    @Override
    public void getStreamPrimaryKeys(
            FlightSql.CommandGetPrimaryKeys command, CallContext context, ServerStreamListener listener) {
        catalog.empty(Schemas.GET_PRIMARY_KEYS_SCHEMA, allocator, listener);
    }

    @Override
    public FlightInfo getFlightInfoExportedKeys(
            FlightSql.CommandGetExportedKeys request, CallContext context, FlightDescriptor descriptor) {
        return metadata(Schemas.GET_EXPORTED_KEYS_SCHEMA, request, descriptor);
    }

    @Override
    public FlightInfo getFlightInfoImportedKeys(
            FlightSql.CommandGetImportedKeys request, CallContext context, FlightDescriptor descriptor) {
        return metadata(Schemas.GET_IMPORTED_KEYS_SCHEMA, request, descriptor);
    }

    @Override
    public FlightInfo getFlightInfoCrossReference(
            FlightSql.CommandGetCrossReference request, CallContext context, FlightDescriptor descriptor) {
        return metadata(Schemas.GET_CROSS_REFERENCE_SCHEMA, request, descriptor);
    }

    @Override
    public void getStreamExportedKeys(
            FlightSql.CommandGetExportedKeys command, CallContext context, ServerStreamListener listener) {
        catalog.empty(Schemas.GET_EXPORTED_KEYS_SCHEMA, allocator, listener);
    }

    @Override
    public void getStreamImportedKeys(
            FlightSql.CommandGetImportedKeys command, CallContext context, ServerStreamListener listener) {
        catalog.empty(Schemas.GET_IMPORTED_KEYS_SCHEMA, allocator, listener);
    }

    @Override
    public void getStreamCrossReference(
            FlightSql.CommandGetCrossReference command, CallContext context, ServerStreamListener listener) {
        catalog.empty(Schemas.GET_CROSS_REFERENCE_SCHEMA, allocator, listener);
    }
}
