package io.zdbc.api;

import org.osgi.annotation.versioning.ProviderType;

/** The table has no column of that name. */
@ProviderType
public class NoSuchColumnException extends ZdbcException {
    private static final long serialVersionUID = 1L;
    private final String table;
    private final String column;

    public NoSuchColumnException(String table, String column) {
        super("table '" + table + "' has no column '" + column + "'");
        this.table = table;
        this.column = column;
    }

    public String table() {
        return table;
    }

    public String column() {
        return column;
    }
}
