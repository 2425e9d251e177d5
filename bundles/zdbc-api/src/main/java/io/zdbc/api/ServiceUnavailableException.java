package io.zdbc.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A zdbc service the operation needs (storage format, column I/O, the engine itself) is being
 * replaced, e.g. its bundle is updated in a running OSGi framework, and no replacement arrived
 * within the configured wait. Nothing was changed by the failed operation: retry it, after
 * reopening the database from the current {@link DatabaseService} if this database was closed.
 */
@ProviderType
public class ServiceUnavailableException extends ZdbcException {
    private static final long serialVersionUID = 1L;

    public ServiceUnavailableException(String message) {
        super(message);
    }

    /**
     * For a service implementation whose bundle was updated while a call ran on it: the call
     * hit a class the discarded revision can no longer load ({@link LinkageError}). Built here,
     * in the API bundle, so the failing bundle needs no class of its own to report it.
     */
    public static ServiceUnavailableException replaced(String what, LinkageError cause) {
        ServiceUnavailableException e = new ServiceUnavailableException("the " + what
                + " was updated or stopped while this call ran on it; retry with the current service"
                + " (an import commits whole or not at all)");
        e.initCause(cause);
        return e;
    }

    /**
     * The error a bundle gets when it runs on after an update discarded its class loader: a
     * {@link NoClassDefFoundError} caused by a {@link ClassNotFoundException}, anywhere in
     * {@code e}'s cause chain (libraries wrap it, e.g. in their own "check your JVM flags"
     * exception). Null if there is none: then {@code e} is what it says it is. Code that turns
     * linkage errors into its own messages (a missing native library, a missing JVM flag)
     * rethrows this one instead, so that the call is reported as retryable.
     */
    public static NoClassDefFoundError discardedClassLoader(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof NoClassDefFoundError && c.getCause() instanceof ClassNotFoundException) {
                return (NoClassDefFoundError) c;
            }
        }
        return null;
    }

    /** Always true: the operation may be retried as it is. */
    public boolean isRetryable() {
        return true;
    }
}
