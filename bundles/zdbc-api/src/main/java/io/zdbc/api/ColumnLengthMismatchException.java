package io.zdbc.api;

import org.osgi.annotation.versioning.ProviderType;

/** Columns of one write or append have different numbers of rows. */
@ProviderType
public class ColumnLengthMismatchException extends ZdbcException {
    private static final long serialVersionUID = 1L;

    public ColumnLengthMismatchException(String table, String first, long firstRows, String other, long otherRows) {
        super((table == null ? "" : "table '" + table + "': ") + "columns have unequal lengths: '" + first + "' has "
                + firstRows + " rows but '" + other + "' has " + otherRows);
    }
}
