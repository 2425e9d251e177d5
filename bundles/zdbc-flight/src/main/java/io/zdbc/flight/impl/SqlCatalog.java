package io.zdbc.flight.impl;

import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.TableInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.sql.FlightSqlProducer.Schemas;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Flight SQL's metadata answers: each served database is a catalog with no schemas; its tables
 * are of type TABLE, with their Arrow schemas when asked.
 */
final class SqlCatalog {
    static final String TABLE_TYPE = "TABLE";

    private final ServedDatabases databases;
    private final SqlInfoBuilder info;

    SqlCatalog(ServedDatabases databases, String version) {
        this.databases = databases;
        this.info = new SqlInfoBuilder()
                .withFlightSqlServerName("zdbc")
                .withFlightSqlServerVersion(version)
                .withFlightSqlServerArrowVersion("19.0.0")
                .withFlightSqlServerReadOnly(false)
                .withFlightSqlServerSql(true)
                .withFlightSqlServerSubstrait(false)
                .withFlightSqlServerTransaction(FlightSql.SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_NONE)
                .withFlightSqlServerCancel(false)
                .withFlightSqlServerBulkIngestion(true)
                .withFlightSqlServerBulkIngestionTransaction(false)
                .withSqlIdentifierQuoteChar("\"")
                .withSqlDdlCatalog(false)
                .withSqlDdlSchema(false)
                .withSqlDdlTable(false)
                .withSqlSupportsColumnAliasing(true)
                .withSqlCatalogTerm("database");
    }

    void sqlInfo(FlightSql.CommandGetSqlInfo request, ServerStreamListener listener) {
        info.send(request.getInfoList(), listener);
    }

    void catalogs(BufferAllocator allocator, ServerStreamListener listener) {
        List<Object[]> rows = new ArrayList<>();
        for (String name : databases.names()) {
            rows.add(new Object[] {name});
        }
        stream(Schemas.GET_CATALOGS_SCHEMA, rows, allocator, listener);
    }

    /** No database has schemas: an empty answer of the right shape. */
    void schemas(BufferAllocator allocator, ServerStreamListener listener) {
        empty(Schemas.GET_SCHEMAS_SCHEMA, allocator, listener);
    }

    /** An answer with no rows (no schemas, no keys). */
    void empty(Schema schema, BufferAllocator allocator, ServerStreamListener listener) {
        stream(schema, List.of(), allocator, listener);
    }

    void tableTypes(BufferAllocator allocator, ServerStreamListener listener) {
        stream(Schemas.GET_TABLE_TYPES_SCHEMA, List.<Object[]>of(new Object[] {TABLE_TYPE}), allocator, listener);
    }

    void tables(FlightSql.CommandGetTables request, BufferAllocator allocator, ServerStreamListener listener) {
        boolean withSchema = request.getIncludeSchema();
        boolean wantTables =
                request.getTableTypesCount() == 0 || request.getTableTypesList().contains(TABLE_TYPE);
        boolean noSchemaAsked = !request.hasDbSchemaFilterPattern()
                || like(request.getDbSchemaFilterPattern()).matcher("").matches();
        Pattern name = request.hasTableNameFilterPattern() ? like(request.getTableNameFilterPattern()) : null;
        List<Object[]> rows = new ArrayList<>();
        if (wantTables && noSchemaAsked) {
            for (ServedDatabases.Located t : databases.tables()) {
                if (request.hasCatalog() && !request.getCatalog().equals(t.database())
                        || name != null && !name.matcher(t.table()).matches()) {
                    continue;
                }
                try {
                    TableInfo info = t.db().info(t.table());
                    // catalog_name, db_schema_name, table_name, table_type[, table_schema]
                    rows.add(
                            withSchema
                                    ? new Object[] {
                                        t.database(),
                                        null,
                                        info.name(),
                                        TABLE_TYPE,
                                        ArrowTypes.schema(info.columns()).serializeAsMessage()
                                    }
                                    : new Object[] {t.database(), null, info.name(), TABLE_TYPE});
                } catch (NoSuchTableException droppedMeanwhile) {
                    // not listed
                }
            }
        }
        stream(withSchema ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA, rows, allocator, listener);
    }

    /**
     * Sends {@code rows} (one value per field of {@code schema}: a String for text, a byte[] for
     * binary, null for none) as one batch and ends the stream.
     */
    static void stream(Schema schema, List<Object[]> rows, BufferAllocator allocator, ServerStreamListener listener) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            for (int c = 0; c < schema.getFields().size(); c++) {
                FieldVector v = root.getVector(c);
                for (int r = 0; r < rows.size(); r++) {
                    Object value = rows.get(r)[c];
                    if (value == null) {
                        v.setNull(r);
                    } else if (v instanceof VarCharVector) {
                        ((VarCharVector) v).setSafe(r, ((String) value).getBytes(StandardCharsets.UTF_8));
                    } else {
                        ((VarBinaryVector) v).setSafe(r, (byte[]) value);
                    }
                }
            }
            root.setRowCount(rows.size());
            listener.start(root);
            listener.putNext();
            listener.completed();
        }
    }

    /** A SQL LIKE pattern ({@code %}, {@code _}, backslash escapes) as a regular expression. */
    static Pattern like(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                re.append(".*");
            } else if (c == '_') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
