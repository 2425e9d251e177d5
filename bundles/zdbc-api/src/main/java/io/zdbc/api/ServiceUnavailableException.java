package io.zdbc.api;

/**
 * A zdbc service the operation needs (storage format, column I/O, the engine itself) is being
 * replaced, e.g. its bundle is updated in a running OSGi framework, and no replacement arrived
 * within the configured wait. Nothing was changed by the failed operation: retry it, after
 * reopening the database from the current {@link DatabaseService} if this database was closed.
 */
public class ServiceUnavailableException extends ZdbcException {
    private static final long serialVersionUID = 1L;

    public ServiceUnavailableException(String message) {
        super(message);
    }

    /** Always true: the operation may be retried as it is. */
    public boolean isRetryable() {
        return true;
    }
}
