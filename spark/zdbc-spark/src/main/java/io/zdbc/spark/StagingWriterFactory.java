package io.zdbc.spark;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.types.StructType;

/** Ships the staging directory and the schema to the write tasks. */
final class StagingWriterFactory implements DataWriterFactory {
    private static final long serialVersionUID = 1L;

    private final String table;
    private final StructType schema;
    private final String staging;

    StagingWriterFactory(String table, StructType schema, String staging) {
        this.table = table;
        this.schema = schema;
        this.staging = staging;
    }

    @Override
    public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
        return new StagingWriter(table, schema, staging, partitionId, taskId);
    }
}
