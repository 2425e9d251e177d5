package io.zdbc.flight.impl;

import io.zdbc.api.Database;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.TableExistsException;

/**
 * Stores an upload as one commit through the engine's streaming write: the whole stream commits
 * or, if it is cancelled or a batch is bad, nothing does. Memory use is one batch.
 */
final class Ingest {
    /** What to do with the table. */
    enum Mode {
        /** Append; create the table with the upload's columns if it does not exist. */
        APPEND_OR_CREATE,
        /** Append; the table must exist. */
        APPEND,
        /** Create; the table must not exist. */
        CREATE,
        /** Create the table, or replace its columns and rows. */
        REPLACE
    }

    private Ingest() {}

    /** Stores the upload and returns the rows it had. */
    static long store(Database db, String table, Mode mode, UploadedBatches batches) {
        boolean exists = db.exists(table);
        if (mode == Mode.CREATE && exists) {
            throw new TableExistsException(table);
        }
        if (mode == Mode.APPEND && !exists) {
            throw new NoSuchTableException(table);
        }
        if (mode == Mode.REPLACE || !exists) {
            db.write(table, batches.columns(), batches);
        } else {
            db.append(table, batches);
        }
        return batches.rows();
    }
}
