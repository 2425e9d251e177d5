package io.zdbc.api;

import org.osgi.annotation.versioning.ProviderType;

/** Base of every zdbc error. Messages name the table, column or file and what is wrong. */
@ProviderType
public class ZdbcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ZdbcException(String message) {
        super(message);
    }

    public ZdbcException(String message, Throwable cause) {
        super(message, cause);
    }
}
