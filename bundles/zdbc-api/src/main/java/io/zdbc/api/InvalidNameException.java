package io.zdbc.api;

import org.osgi.annotation.versioning.ProviderType;

/** A table or column name the format cannot store safely (empty, "..", absolute, NUL, leaving the data directory, ...). */
@ProviderType
public class InvalidNameException extends ZdbcException {
    private static final long serialVersionUID = 1L;

    public InvalidNameException(String kind, String name, String reason) {
        super(kind + " name " + (name == null ? "null" : "'" + name.replace("\0", "\\0") + "'") + " is invalid: "
                + reason);
    }
}
