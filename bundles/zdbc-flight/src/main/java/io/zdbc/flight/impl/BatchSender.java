package io.zdbc.flight.impl;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;

/**
 * Sends a DoGet's batches only as fast as the client reads them: before each batch it waits for
 * gRPC's readiness (the client's flow-control window), so a slow client never makes the server
 * buffer more than a batch or so, and a cancelled or vanished client ends the stream.
 *
 * <p>Readiness is polled, not awaited through gRPC's onReady callback: gRPC runs a call's
 * callbacks one at a time, so the callback cannot arrive while the DoGet handler that waits for
 * it is still running (Arrow's CallbackBackpressureStrategy would wait out its whole timeout).
 */
final class BatchSender {
    /** How long a client may read nothing before its stream is given up. */
    static final long STALL_MILLIS = 60_000;

    private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ServerStreamListener listener;
    private boolean first = true;

    BatchSender(ServerStreamListener listener) {
        this.listener = listener;
    }

    ServerStreamListener listener() {
        return listener;
    }

    /**
     * Waits until the client can take a batch. False if it cancelled or went away. The first
     * batch goes without waiting: a new call is often not ready yet, and one batch is what the
     * server may buffer anyway (a small answer then costs no poll).
     */
    boolean ready() {
        if (first) {
            first = false;
            return !listener.isCancelled();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS);
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            if (listener.isCancelled()) {
                return false;
            }
            if (listener.isReady()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                throw CallStatus.TIMED_OUT
                        .withDescription(
                                "the client read nothing for " + STALL_MILLIS / 1000 + " s; the stream is closed")
                        .toRuntimeException();
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
            if (Thread.currentThread().isInterrupted()) {
                return false; // the server is shutting down
            }
        }
    }
}
