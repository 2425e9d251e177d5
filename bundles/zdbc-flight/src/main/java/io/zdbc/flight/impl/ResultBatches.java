package io.zdbc.flight.impl;

import io.zdbc.api.query.Result;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Streams a query's answer (heap values, nulls allowed) as record batches of the answer's schema. */
final class ResultBatches {
    private ResultBatches() {}

    /** Row bytes for the batch-size limit: 8 per value, 12 for text (bytes plus offset). */
    static long rowBytes(Schema schema) {
        long bytes = 0;
        for (Field f : schema.getFields()) {
            bytes += f.getType() instanceof ArrowType.Utf8 ? 12 : 8;
        }
        return bytes;
    }

    /** Sends every row of {@code result}; false if the client went away first. */
    static boolean send(Result result, Schema schema, BufferAllocator allocator, BatchSender sender, int batchRows) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            sender.listener().start(root);
            int rows = result.rows();
            for (int from = 0; from < rows || from == 0; from += batchRows) {
                if (!sender.ready()) {
                    return false;
                }
                int n = Math.min(batchRows, rows - from);
                fill(root, result, from, n);
                sender.listener().putNext();
                if (rows == 0) {
                    break; // one empty batch: some clients want a batch to see the schema's columns
                }
            }
            return true;
        }
    }

    /** Fills every vector of {@code root} with rows {@code [from, from+n)} of {@code result}. */
    static void fill(VectorSchemaRoot root, Result result, int from, int n) {
        for (int c = 0; c < result.width(); c++) {
            FieldVector v = root.getVector(c);
            v.reset();
            v.setInitialCapacity(n);
            v.allocateNew();
            for (int i = 0; i < n; i++) {
                Object value = result.get(from + i, c);
                if (value == null) {
                    v.setNull(i);
                } else if (v instanceof BigIntVector) {
                    ((BigIntVector) v).set(i, ((Number) value).longValue());
                } else if (v instanceof Float8Vector) {
                    ((Float8Vector) v).set(i, ((Number) value).doubleValue());
                } else {
                    ((VarCharVector) v).setSafe(i, value.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
            v.setValueCount(n);
        }
        root.setRowCount(n);
    }
}
