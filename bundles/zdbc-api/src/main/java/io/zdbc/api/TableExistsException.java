package io.zdbc.api;

/** A table of that name already exists. */
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
