package io.zdbc.flight.impl;

import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;

/**
 * Sends a DoGet's batches only as fast as the client reads them: before each batch it waits for
 * gRPC's readiness (the client's flow-control window), so a slow client never makes the server
 * buffer more than a batch or so, and a cancelled or vanished client ends the stream.
 */
final class BatchSender {
    /** How long a client may read nothing before its stream is given up. */
    static final long STALL_MILLIS = 60_000;

    private final ServerStreamListener listener;
    private final BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy();

    BatchSender(ServerStreamListener listener) {
        this.listener = listener;
        backpressure.register(listener);
    }

    ServerStreamListener listener() {
        return listener;
    }

    /** Waits until the client can take a batch. False if it cancelled or went away. */
    boolean ready() {
        if (listener.isCancelled()) {
            return false;
        }
        BackpressureStrategy.WaitResult r = backpressure.waitForListener(STALL_MILLIS);
        switch (r) {
            case READY:
                return true;
            case TIMEOUT:
                throw CallStatus.TIMED_OUT
                        .withDescription(
                                "the client read nothing for " + STALL_MILLIS / 1000 + " s; the stream is closed")
                        .toRuntimeException();
            default:
                return false; // CANCELLED, or the server is shutting down
        }
    }
}
