package io.zdbc.spark;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.Database;
import io.zdbc.api.TableExistsException;
import io.zdbc.engine.Zdbc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.types.StructType;

/**
 * A job's write: tasks stage their rows in files under the database directory, and the driver
 * commits them all in one native append (or replace) of the table; until then the table is
 * unchanged, and an aborted job leaves it so.
 */
final class ZdbcBatchWrite implements BatchWrite {
    /** What the commit does with the table: append to it (creating it if missing), replace or create it. */
    enum Mode {
        APPEND,
        REPLACE,
        CREATE
    }

    private final ZdbcOptions options;
    private final StructType schema;
    private final List<ColumnDef> defs;
    private final Mode mode;
    private final Path staging;
    private final ZdbcStagedTable staged;

    ZdbcBatchWrite(
            ZdbcOptions options,
            StructType schema,
            List<ColumnDef> defs,
            Mode mode,
            Path staging,
            ZdbcStagedTable staged) {
        this.options = options;
        this.schema = schema;
        this.defs = defs;
        this.mode = mode;
        this.staging = staging;
        this.staged = staged;
    }

    @Override
    public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "creating the staging directory " + staging + " for table '" + options.table() + "'", e);
        }
        return new StagingWriterFactory(options.table(), schema, staging.toString());
    }

    @Override
    public void commit(WriterCommitMessage[] messages) {
        List<StagedPart> parts = new ArrayList<>();
        for (WriterCommitMessage m : messages) {
            if (m != null) {
                parts.add((StagedPart) m);
            }
        }
        parts.sort(Comparator.comparingInt(StagedPart::partition));
        try (Database db = Zdbc.open(options.registry())) {
            StagedBatches batches = new StagedBatches(defs, parts);
            boolean exists = db.exists(options.table());
            if (mode == Mode.CREATE && exists) {
                throw new TableExistsException(options.table());
            }
            if (mode != Mode.APPEND || !exists) {
                db.write(options.table(), defs, batches);
            } else {
                db.append(options.table(), batches);
            }
            if (staged != null) {
                staged.written();
            }
        } finally {
            deleteStaging();
        }
    }

    @Override
    public void abort(WriterCommitMessage[] messages) {
        deleteStaging();
    }

    private void deleteStaging() {
        if (!Files.exists(staging)) {
            return;
        }
        try (Stream<Path> files = Files.walk(staging)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(staging.getParent()); // only when no other job stages there
        } catch (DirectoryNotEmptyException e) {
            // another job's staging directory is still there
        } catch (IOException e) {
            throw new UncheckedIOException("deleting the staging directory " + staging, e);
        }
    }
}
