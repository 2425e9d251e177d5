package io.zdbc.api;

import io.zdbc.api.query.Query;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An open zdbc database: a registry file plus its data directory (docs/FORMAT.md).
 *
 * <p>Every write ({@link #create}, {@link #write}, {@link #append}, {@link #drop}) is one atomic
 * commit: after a crash at any instant the table is either the old or the new version. Reads
 * never wait for writers; each read returns views over one committed version, which stay valid
 * and unchanged while they are held, even if the table is rewritten or dropped meanwhile.
 *
 * <p>Thread-safe. Close it to release its mappings; views still held stay valid until closed.
 */
@ProviderType
public interface Database extends AutoCloseable {

    /** The registry file this database was opened from. */
    Path registry();

    /** Table names in registry order. */
    List<String> tables();

    boolean exists(String table);

    /** Columns, rows and version of a table. @throws NoSuchTableException */
    TableInfo info(String table);

    /** Row count from metadata: no scan. @throws NoSuchTableException */
    default long count(String table) {
        return info(table).rows();
    }

    /** Creates an empty table. @throws TableExistsException if it exists */
    void create(String table, List<ColumnDef> columns);

    /** Creates the table, or replaces its columns and rows, with {@code data}, atomically. */
    void write(String table, Batch data);

    /**
     * Appends rows to an existing table, writing only the new rows. The batch must have exactly
     * the table's columns (any order) with the same types.
     */
    void append(String table, Batch rows);

    /**
     * Creates the table, or replaces it, with the rows of every batch, as one atomic commit,
     * streaming them to disk: memory use is one batch. If the iterator throws (a bad row in an
     * import), the exception propagates and the table is as it was. Other writers wait until the
     * last batch is written.
     */
    void write(String table, List<ColumnDef> columns, Iterator<Batch> batches);

    /**
     * Appends the rows of every batch as one atomic commit, streaming them to disk. If the
     * iterator throws, the exception propagates and the table is as it was.
     */
    void append(String table, Iterator<Batch> batches);

    /** Removes the table and its files. @throws NoSuchTableException */
    void drop(String table);

    /** Zero-copy views of every column at the table's current version. */
    TableSnapshot read(String table);

    /** Zero-copy views of the named columns, in that order, all at one version. */
    TableSnapshot read(String table, List<String> columns);

    /** A zero-copy view of one column. Close it when done. */
    ColumnView column(String table, String column);

    /**
     * A lazy query over the table: filters, projections and aggregates run by the kernels on the
     * zero-copy columns when {@link io.zdbc.api.query.LazyResult#collect()} is called.
     */
    Query table(String table);

    /** Checks every table against its schema, column files and commit files. */
    VerifyReport verify();

    /**
     * Copies every table, as one committed state of the whole database, into the new directory
     * {@code dest} (which must not exist, or be empty), while other writers go on committing:
     * they wait only while the committed state is read, not during the copy. The backup's
     * registry is {@code dest/<registry file name>}; it is written last and verified, and a
     * backup that fails anywhere is deleted. Column data is copied, never hard-linked to this
     * database's files (docs/PROTOCOL.md, "Copies and backup").
     *
     * @param progress told the column bytes copied so far and the total
     * @throws ZdbcException naming the path when {@code dest} is not usable or the copy fails
     */
    BackupReport backup(Path dest, Progress progress);

    /** {@link #backup(Path, Progress)} without progress reports. */
    default BackupReport backup(Path dest) {
        return backup(dest, Progress.NONE);
    }

    /** Releases this database's own mappings and locks. Views still open stay readable. */
    @Override
    void close();
}
