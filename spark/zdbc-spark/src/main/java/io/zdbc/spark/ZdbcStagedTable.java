package io.zdbc.spark;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.Database;
import io.zdbc.api.TableExistsException;
import io.zdbc.engine.Zdbc;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.connector.catalog.StagedTable;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;

/**
 * A table a catalog's {@code CREATE TABLE … AS SELECT} or {@code REPLACE TABLE} is about to create
 * or replace: the query's rows become the table in the write's one commit, so a failed query
 * leaves the database as it was; a statement without rows commits an empty table.
 */
final class ZdbcStagedTable extends ZdbcTable implements StagedTable {
    private final ZdbcBatchWrite.Mode mode;
    private volatile boolean written;

    ZdbcStagedTable(ZdbcOptions options, StructType schema, ZdbcBatchWrite.Mode mode) {
        super(options, schema);
        this.mode = mode;
        Schemas.toZdbc(options.table(), schema); // refuses a type zdbc cannot store before any task runs
    }

    ZdbcBatchWrite.Mode mode() {
        return mode;
    }

    /** Called by the write's commit: the table now holds the query's rows. */
    void written() {
        written = true;
    }

    @Override
    public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
        return new ZdbcWriteBuilder(options.with(info.options()), info.schema(), info.queryId(), this);
    }

    @Override
    public void commitStagedChanges() {
        if (written) {
            return;
        }
        List<ColumnDef> defs = Schemas.toZdbc(options.table(), schema());
        try (Database db = Zdbc.open(options.registry())) {
            if (mode == ZdbcBatchWrite.Mode.CREATE && db.exists(options.table())) {
                throw new TableExistsException(options.table());
            }
            db.write(options.table(), defs, Collections.<Batch>emptyIterator());
        }
    }

    @Override
    public void abortStagedChanges() {
        // nothing was committed: the write's own abort removed its staged rows
    }
}
