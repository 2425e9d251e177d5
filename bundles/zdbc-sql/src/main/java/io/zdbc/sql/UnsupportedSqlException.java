package io.zdbc.sql;

import io.zdbc.api.ZdbcException;

/** SQL that does not parse, or uses a construct zdbc does not run; the message names it. */
public class UnsupportedSqlException extends ZdbcException {
    private static final long serialVersionUID = 1L;

    public UnsupportedSqlException(String message) {
        super(message);
    }
}
