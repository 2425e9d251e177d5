package io.zdbc.spark;

import io.zdbc.api.ColumnDef;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.SupportsTruncate;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;

/**
 * Append by default; {@link #truncate()} (Spark's overwrite mode) replaces the table; the write of
 * a staged table (a catalog's create or replace) creates or replaces it.
 */
final class ZdbcWriteBuilder implements WriteBuilder, SupportsTruncate {
    private final ZdbcOptions options;
    private final StructType schema;
    private final String queryId;
    private final ZdbcStagedTable staged;
    private ZdbcBatchWrite.Mode mode;

    ZdbcWriteBuilder(ZdbcOptions options, StructType schema, String queryId, ZdbcStagedTable staged) {
        this.options = options;
        this.schema = schema;
        this.queryId = queryId;
        this.staged = staged;
        this.mode = staged == null ? ZdbcBatchWrite.Mode.APPEND : staged.mode();
        Schemas.toZdbc(
                options.table(), schema); // refuses a type zdbc cannot store, naming the column, before any task runs
    }

    @Override
    public WriteBuilder truncate() {
        if (staged == null) {
            mode = ZdbcBatchWrite.Mode.REPLACE;
        }
        return this;
    }

    @Override
    public Write build() {
        List<ColumnDef> defs = Schemas.toZdbc(options.table(), schema);
        Path staging = Path.of(options.registry() + "dir", ".zdbc-spark", queryId.replaceAll("[^A-Za-z0-9_-]", "_"));
        return new Write() {
            @Override
            public String description() {
                return mode.name().toLowerCase(Locale.ROOT) + " zdbc table '" + options.table() + "'";
            }

            @Override
            public BatchWrite toBatch() {
                return new ZdbcBatchWrite(options, schema, defs, mode, staging, staged);
            }
        };
    }
}
