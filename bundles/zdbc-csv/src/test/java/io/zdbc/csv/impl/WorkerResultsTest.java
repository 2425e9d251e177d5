package io.zdbc.csv.impl;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class WorkerResultsTest {
    /**
     * An encoding thread that meets a class of a bundle updated under it fails with a LinkageError;
     * wrapped in a ZdbcException it would pass the connector's guard, which answers a LinkageError
     * with the retryable ServiceUnavailableException (ConnectorSwapTest met this in the framework).
     */
    @Test
    void aLinkageErrorInAWorkerReachesTheCallerAsItself() {
        NoClassDefFoundError error = new NoClassDefFoundError("io/zdbc/csv/impl/NumberText");
        CompletableFuture<Object> f = new CompletableFuture<>();
        f.completeExceptionally(error);
        assertSame(error, assertThrows(NoClassDefFoundError.class, () -> WorkerResults.await(f, "encoding")));
    }

    @Test
    void aRuntimeExceptionInAWorkerReachesTheCallerAsItself() {
        IllegalStateException error = new IllegalStateException("column 'x' changed");
        CompletableFuture<Object> f = new CompletableFuture<>();
        f.completeExceptionally(error);
        assertSame(error, assertThrows(IllegalStateException.class, () -> WorkerResults.await(f, "encoding")));
    }
}
