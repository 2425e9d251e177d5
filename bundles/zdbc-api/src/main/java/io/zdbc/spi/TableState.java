package io.zdbc.spi;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.TableInfo;
import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One committed version of a table: its metadata and, per column, the file holding at least
 * {@code rows * 8} bytes of that version's values.
 */
@ProviderType
public record TableState(TableInfo info, List<Path> columnFiles) {
    public TableState {
        columnFiles = List.copyOf(columnFiles);
        if (columnFiles.size() != info.columns().size()) {
            throw new IllegalArgumentException("one file per column expected");
        }
    }

    public String name() {
        return info.name();
    }

    public long rows() {
        return info.rows();
    }

    public long version() {
        return info.version();
    }

    public List<ColumnDef> columns() {
        return info.columns();
    }

    /** Index of the column, or -1. */
    public int indexOf(String column) {
        List<ColumnDef> cols = info.columns();
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }
}
