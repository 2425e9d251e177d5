package io.zdbc.spi;

import io.zdbc.api.BackupReport;
import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.Progress;
import io.zdbc.api.VerifyReport;
import io.zdbc.api.ZdbcException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One open database as a storage format sees it: table metadata and atomic commits. Reads are
 * lock-free: {@link #state(String)} returns the committed version's files, which stay readable
 * (by inode) even if a later commit replaces or deletes them.
 */
@ConsumerType
public interface Storage extends AutoCloseable {
    Path registry();

    List<String> tables();

    /** The table's committed state. @throws io.zdbc.api.NoSuchTableException */
    TableState state(String table);

    void create(String table, List<ColumnDef> columns);

    void replace(String table, Batch data);

    void append(String table, Batch rows);

    /**
     * Creates or replaces the table with the rows of every batch, in one commit, holding the
     * write lock while the batches are pulled. If the iterator throws, nothing changes.
     * The default collects the batches in memory; implementations should stream them to disk.
     */
    default void replace(String table, List<ColumnDef> columns, Iterator<Batch> batches) {
        replace(table, Batches.concat(columns, batches));
    }

    /**
     * Appends the rows of every batch in one commit. If the iterator throws, nothing changes.
     * The default collects the batches in memory; implementations should stream them to disk.
     */
    default void append(String table, Iterator<Batch> batches) {
        if (batches.hasNext()) {
            Batch first = batches.next();
            append(table, Batches.concat(first.defs(), new Batches.Prepend(first, batches)));
        }
    }

    void drop(String table);

    VerifyReport verify();

    /**
     * Copies one committed state of every table into the new directory {@code dest}, verified
     * (see {@link io.zdbc.api.Database#backup}). Formats that cannot do this keep the default,
     * which refuses.
     */
    default BackupReport backup(Path dest, Progress progress) {
        throw new ZdbcException("the storage format of " + registry() + " cannot take backups");
    }

    /**
     * A number that changes whenever a commit may have started, by this or any other process,
     * since it was last read. Equal values mean every table is as it was, so a cached
     * {@link #state} may be used. Cheap: a memory read. While a write is under way the tables
     * can change at any moment, so every call then returns a number not returned before: a
     * state read then must never be found again under the value read with it.
     */
    long changeCount();

    @Override
    void close();
}
