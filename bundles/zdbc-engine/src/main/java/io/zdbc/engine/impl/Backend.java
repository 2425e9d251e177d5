package io.zdbc.engine.impl;

import io.zdbc.spi.ColumnIO;
import io.zdbc.spi.Storage;
import io.zdbc.spi.StorageFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One database opened through one storage format and one column I/O service. When either
 * service goes away (its bundle stops or is updated) the database retires its backend and opens
 * a new one on the replacement; operations still running on the retired backend finish on it,
 * and the last one out closes it, so the old bundle's objects are released without failing
 * anything that had started.
 */
final class Backend {
    final StorageFormat format;
    final ColumnIO io;
    final Storage storage;
    final RegionCache regions;
    /** The service slots' generations this backend was last checked against. */
    volatile long formatGeneration;

    volatile long ioGeneration;
    /** Operations in flight, plus one while the backend is current. */
    private final AtomicInteger users = new AtomicInteger(1);

    private final CountDownLatch closed = new CountDownLatch(1);

    Backend(StorageFormat format, ColumnIO io, Storage storage) {
        this.format = format;
        this.io = io;
        this.storage = storage;
        this.regions = new RegionCache(io);
    }

    /** Starts an operation; false if the backend is already retired and closed. */
    boolean enter() {
        for (; ; ) {
            int n = users.get();
            if (n == 0) {
                return false;
            }
            if (users.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void exit() {
        if (users.decrementAndGet() == 0) {
            close();
        }
    }

    /** No new operations; closed when the running ones are done. Call once. */
    void retire() {
        exit();
    }

    /**
     * Waits until the operations still running on this retired backend are done. Called while a
     * service bundle stops: it must not return (and the framework must not discard the bundle's
     * class loader) while our threads still run its code.
     */
    boolean awaitClosed(long millis) {
        try {
            return closed.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean uses(StorageFormat f, ColumnIO c) {
        return format == f && io == c;
    }

    private void close() {
        try {
            regions.close();
        } finally {
            try {
                storage.close();
            } finally {
                closed.countDown();
            }
        }
    }
}
