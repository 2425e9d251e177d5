package io.zdbc.spark;

import io.zdbc.api.Database;
import io.zdbc.api.TableExistsException;
import io.zdbc.engine.Zdbc;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.StagedTable;
import org.apache.spark.sql.connector.catalog.StagingTableCatalog;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The tables of one zdbc database as a Spark catalog ({@code spark.sql.catalog.zdbc =
 * io.zdbc.spark.ZdbcCatalog}, {@code spark.sql.catalog.zdbc.db = <registry path>}): {@code
 * spark.table("zdbc.trades")}, {@code saveAsTable} in every save mode, {@code CREATE}, {@code
 * REPLACE}, {@code DROP} and {@code SHOW TABLES}. Tables live in the catalog's root namespace.
 * Creating or replacing a table from a query is staged, so it is one zdbc commit.
 */
public final class ZdbcCatalog implements StagingTableCatalog {
    private String name;
    private Map<String, String> options;
    private Path registry;

    @Override
    public void initialize(String name, CaseInsensitiveStringMap options) {
        this.name = name;
        this.options = Map.copyOf(options.asCaseSensitiveMap());
        String db = options.get(ZdbcOptions.DB);
        if (db == null || db.isBlank()) {
            throw new IllegalArgumentException("catalog '" + name + "' needs spark.sql.catalog." + name
                    + ".db = <path of the database's registry file>");
        }
        this.registry = ZdbcOptions.registryOf(db);
    }

    @Override
    public String name() {
        return name;
    }

    private ZdbcOptions table(Identifier ident) {
        return ZdbcOptions.forTable(options, ident.name());
    }

    private static boolean inRoot(Identifier ident) {
        return ident.namespace().length == 0;
    }

    @Override
    public Identifier[] listTables(String[] namespace) {
        if (namespace.length > 0) {
            return new Identifier[0];
        }
        List<String> tables = Databases.readOnly(registry).tables();
        Identifier[] ids = new Identifier[tables.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = Identifier.of(new String[0], tables.get(i));
        }
        return ids;
    }

    @Override
    public Table loadTable(Identifier ident) throws NoSuchTableException {
        Database db = Databases.readOnly(registry);
        if (!inRoot(ident) || !db.exists(ident.name())) {
            throw new NoSuchTableException(ident);
        }
        return new ZdbcTable(table(ident), Schemas.toSpark(db.info(ident.name()).columns()));
    }

    @Override
    public Table createTable(
            Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
            throws TableAlreadyExistsException {
        ZdbcOptions o = checked(ident, partitions);
        try (Database db = Zdbc.open(registry)) {
            db.create(o.table(), Schemas.toZdbc(o.table(), schema));
            return new ZdbcTable(o, Schemas.toSpark(db.info(o.table()).columns()));
        } catch (TableExistsException e) {
            throw new TableAlreadyExistsException(ident);
        }
    }

    @Override
    public StagedTable stageCreate(
            Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
            throws TableAlreadyExistsException {
        ZdbcOptions o = checked(ident, partitions);
        if (Databases.readOnly(registry).exists(o.table())) {
            throw new TableAlreadyExistsException(ident);
        }
        return new ZdbcStagedTable(o, schema, ZdbcBatchWrite.Mode.CREATE);
    }

    @Override
    public StagedTable stageReplace(
            Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
            throws NoSuchTableException {
        ZdbcOptions o = checked(ident, partitions);
        if (!Databases.readOnly(registry).exists(o.table())) {
            throw new NoSuchTableException(ident);
        }
        return new ZdbcStagedTable(o, schema, ZdbcBatchWrite.Mode.REPLACE);
    }

    @Override
    public StagedTable stageCreateOrReplace(
            Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties) {
        return new ZdbcStagedTable(checked(ident, partitions), schema, ZdbcBatchWrite.Mode.REPLACE);
    }

    private ZdbcOptions checked(Identifier ident, Transform[] partitions) {
        if (!inRoot(ident)) {
            throw new IllegalArgumentException("catalog '" + name + "' has no namespaces: name the table " + name + ".`"
                    + String.join(".", ident.namespace()) + "." + ident.name() + "`");
        }
        if (partitions.length > 0) {
            throw new IllegalArgumentException(
                    "zdbc tables are not partitioned; drop PARTITIONED BY (table '" + ident.name() + "')");
        }
        return table(ident);
    }

    @Override
    public Table alterTable(Identifier ident, TableChange... changes) {
        throw new UnsupportedOperationException("catalog '" + name + "' cannot alter table '" + ident.name()
                + "': zdbc tables change by rewriting them (overwrite or REPLACE TABLE … AS SELECT)");
    }

    @Override
    public boolean dropTable(Identifier ident) {
        if (!inRoot(ident)) {
            return false;
        }
        try (Database db = Zdbc.open(registry)) {
            if (!db.exists(ident.name())) {
                return false;
            }
            db.drop(ident.name());
            return true;
        }
    }

    @Override
    public void renameTable(Identifier from, Identifier to) {
        throw new UnsupportedOperationException(
                "catalog '" + name + "' cannot rename table '" + from.name() + "': zdbc has no rename");
    }
}
