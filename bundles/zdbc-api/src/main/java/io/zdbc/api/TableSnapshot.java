package io.zdbc.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Views of several columns of one table, all at the same committed version: the row count and
 * every column agree. Closing the snapshot closes its views.
 */
@ProviderType
public interface TableSnapshot extends AutoCloseable {
    String table();

    /** The committed version these views show. */
    long version();

    long rows();

    List<ColumnView> columns();

    /** The view of that column. @throws NoSuchColumnException if the snapshot has no such column */
    ColumnView column(String name);

    @Override
    void close();
}
