package io.zdbc.csv.impl;

import io.zdbc.api.ZdbcException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** The result of a parsing or encoding worker, its failure rethrown as the caller's own. */
final class WorkerResults {
    private WorkerResults() {}

    /**
     * {@code f}'s value. A worker's RuntimeException or Error is rethrown as itself, so that a
     * LinkageError (the bundle was updated under the transfer) still reaches the connector's guard.
     *
     * @param doing what the workers do, for messages: "parsing" or "encoding"
     */
    static <T> T await(Future<T> f, String doing) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZdbcException("interrupted while " + doing + " CSV", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new ZdbcException(doing + " CSV", cause);
        }
    }
}
