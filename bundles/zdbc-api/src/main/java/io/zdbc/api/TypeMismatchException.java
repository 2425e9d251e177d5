package io.zdbc.api;

import org.osgi.annotation.versioning.ProviderType;

/** A column was read or written as a type it does not have. */
@ProviderType
public class TypeMismatchException extends ZdbcException {
    private static final long serialVersionUID = 1L;
    private final String table;
    private final String column;

    public TypeMismatchException(String table, String column, ColumnType expected, ColumnType actual) {
        super("column '" + column + "'" + (table == null ? "" : " of table '" + table + "'") + " is " + actual.label()
                + ", not " + expected.label());
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
