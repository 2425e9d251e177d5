package io.zdbc.api;

import org.osgi.annotation.versioning.ProviderType;

/** The database has no table of that name. */
@ProviderType
public class NoSuchTableException extends ZdbcException {
    private static final long serialVersionUID = 1L;
    private final String table;

    public NoSuchTableException(String table) {
        super("no such table: '" + table + "'");
        this.table = table;
    }

    public String table() {
        return table;
    }
}
