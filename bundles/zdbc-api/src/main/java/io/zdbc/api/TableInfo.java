package io.zdbc.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a table's metadata says at one committed version: its columns, its row count, and the
 * version number, which grows by one with every commit that changes the table.
 */
@ProviderType
public record TableInfo(String name, List<ColumnDef> columns, long rows, long version) {
    public TableInfo {
        columns = List.copyOf(columns);
    }

    /** The column of that name, or {@code null}. */
    public ColumnDef column(String column) {
        for (ColumnDef c : columns) {
            if (c.name().equals(column)) {
                return c;
            }
        }
        return null;
    }
}
