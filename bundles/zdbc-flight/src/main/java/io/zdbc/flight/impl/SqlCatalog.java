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
        try (VectorSchemaRoot root = VectorSchemaRoot.create(Schemas.GET_CATALOGS_SCHEMA, allocator)) {
            List<String> names = databases.names();
            VarCharVector v = (VarCharVector) root.getVector("catalog_name");
            for (int i = 0; i < names.size(); i++) {
                v.setSafe(i, utf8(names.get(i)));
            }
            send(root, names.size(), listener);
        }
    }

    /** No database has schemas: an empty answer of the right shape. */
    void schemas(BufferAllocator allocator, ServerStreamListener listener) {
        empty(Schemas.GET_SCHEMAS_SCHEMA, allocator, listener);
    }

    /** An answer with no rows (no schemas, no keys). */
    void empty(Schema schema, BufferAllocator allocator, ServerStreamListener listener) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            send(root, 0, listener);
        }
    }

    void tableTypes(BufferAllocator allocator, ServerStreamListener listener) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(Schemas.GET_TABLE_TYPES_SCHEMA, allocator)) {
            ((VarCharVector) root.getVector("table_type")).setSafe(0, utf8(TABLE_TYPE));
            send(root, 1, listener);
        }
    }

    void tables(FlightSql.CommandGetTables request, BufferAllocator allocator, ServerStreamListener listener) {
        boolean withSchema = request.getIncludeSchema();
        boolean wantTables =
                request.getTableTypesCount() == 0 || request.getTableTypesList().contains(TABLE_TYPE);
        boolean noSchemaAsked = !request.hasDbSchemaFilterPattern()
                || like(request.getDbSchemaFilterPattern()).matcher("").matches();
        Pattern name = request.hasTableNameFilterPattern() ? like(request.getTableNameFilterPattern()) : null;
        List<TableInfo> found = new ArrayList<>();
        List<String> catalogs = new ArrayList<>();
        if (wantTables && noSchemaAsked) {
            for (ServedDatabases.Located t : databases.tables()) {
                if (request.hasCatalog() && !request.getCatalog().equals(t.database())
                        || name != null && !name.matcher(t.table()).matches()) {
                    continue;
                }
                try {
                    found.add(t.db().info(t.table()));
                    catalogs.add(t.database());
                } catch (NoSuchTableException droppedMeanwhile) {
                    // not listed
                }
            }
        }
        try (VectorSchemaRoot root = VectorSchemaRoot.create(
                withSchema ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA, allocator)) {
            VarCharVector catalog = (VarCharVector) root.getVector("catalog_name");
            VarCharVector table = (VarCharVector) root.getVector("table_name");
            VarCharVector type = (VarCharVector) root.getVector("table_type");
            for (int i = 0; i < found.size(); i++) {
                catalog.setSafe(i, utf8(catalogs.get(i)));
                root.getVector("db_schema_name").setNull(i);
                table.setSafe(i, utf8(found.get(i).name()));
                type.setSafe(i, utf8(TABLE_TYPE));
                if (withSchema) {
                    ((VarBinaryVector) root.getVector("table_schema"))
                            .setSafe(
                                    i, ArrowTypes.schema(found.get(i).columns()).serializeAsMessage());
                }
            }
            send(root, found.size(), listener);
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

    private static void send(VectorSchemaRoot root, int rows, ServerStreamListener listener) {
        root.setRowCount(rows);
        listener.start(root);
        listener.putNext();
        listener.completed();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
