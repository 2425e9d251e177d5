package io.zdbc.api;

import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/** An I/O operation on a database file failed; the message names the file and the operation. */
@ProviderType
public class ZdbcIOException extends ZdbcException {
    private static final long serialVersionUID = 1L;

    public ZdbcIOException(String message, IOException cause) {
        super(message + ": " + cause, cause);
    }
}
