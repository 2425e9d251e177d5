package io.zdbc.api;

import org.osgi.annotation.versioning.ProviderType;

/** A table of that name already exists. */
@ProviderType
public class TableExistsException extends ZdbcException {
    private static final long serialVersionUID = 1L;
    private final String table;

    public TableExistsException(String table) {
        super("table already exists: '" + table + "'");
        this.table = table;
    }

    public String table() {
        return table;
    }
}
