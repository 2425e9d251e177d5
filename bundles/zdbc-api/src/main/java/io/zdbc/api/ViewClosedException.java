package io.zdbc.api;

import org.osgi.annotation.versioning.ProviderType;

/** A column view, snapshot or database was used after it was closed. */
@ProviderType
public class ViewClosedException extends ZdbcException {
    private static final long serialVersionUID = 1L;

    public ViewClosedException(String what) {
        super(what + " is closed");
    }
}
