package io.zdbc.spark;

import io.zdbc.api.TableInfo;
import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * {@code spark.read.format("zdbc").option("db", registry).option("table", name)} and the same for
 * {@code df.write}: the entry point Spark finds through {@link DataSourceRegister} (docs/SPARK.md).
 */
public final class ZdbcDataSource implements TableProvider, DataSourceRegister {
    @Override
    public String shortName() {
        return "zdbc";
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        ZdbcOptions o = ZdbcOptions.from(options);
        TableInfo info = Databases.readOnly(o.registry()).info(o.table());
        return Schemas.toSpark(info.columns());
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        if (partitioning.length > 0) {
            throw new IllegalArgumentException("zdbc tables are not partitioned; drop partitionBy(...)");
        }
        return new ZdbcTable(ZdbcOptions.from(properties), schema);
    }

    /** Writes pass the DataFrame's schema, which need not match a table that does not exist yet. */
    @Override
    public boolean supportsExternalMetadata() {
        return true;
    }
}
