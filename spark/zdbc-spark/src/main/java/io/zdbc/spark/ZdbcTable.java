package io.zdbc.spark;

import io.zdbc.api.TableInfo;
import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** One zdbc table as Spark sees it: readable in batches, appendable, and replaceable (truncate). */
class ZdbcTable implements SupportsRead, SupportsWrite {
    final ZdbcOptions options;
    private final StructType schema;

    ZdbcTable(ZdbcOptions options, StructType schema) {
        this.options = options;
        this.schema = schema;
    }

    @Override
    public String name() {
        return options.table();
    }

    @Override
    public StructType schema() {
        return schema;
    }

    @Override
    public Set<TableCapability> capabilities() {
        return EnumSet.of(TableCapability.BATCH_READ, TableCapability.BATCH_WRITE, TableCapability.TRUNCATE);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap readOptions) {
        ZdbcOptions o = options.with(readOptions);
        TableInfo info = Databases.readOnly(o.registry()).info(o.table());
        StructType actual = Schemas.toSpark(info.columns());
        for (StructField f : schema.fields()) {
            int i = actual.getFieldIndex(f.name()).isDefined() ? actual.fieldIndex(f.name()) : -1;
            if (i < 0 || !actual.fields()[i].dataType().equals(f.dataType())) {
                throw new IllegalArgumentException("table '" + o.table() + "' has no column " + f.name() + " "
                        + f.dataType().simpleString() + " (its columns: " + actual.simpleString() + ")");
            }
        }
        return new ZdbcScanBuilder(o, schema, info.rows());
    }

    @Override
    public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
        return new ZdbcWriteBuilder(options.with(info.options()), info.schema(), info.queryId(), null);
    }
}
