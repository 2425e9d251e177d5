package io.zdbc.flight.impl;

import java.util.concurrent.Semaphore;
import org.apache.arrow.flight.CallStatus;

/** At most so many DoGet and DoPut streams at once; more are refused with a retryable status. */
final class StreamLimit {
    private final Semaphore permits;
    private final int max;

    StreamLimit(int max) {
        this.max = max;
        this.permits = new Semaphore(max);
    }

    /** Takes a permit; release it with {@link #release()} when the stream ends. */
    void acquire() {
        if (!permits.tryAcquire()) {
            throw CallStatus.RESOURCE_EXHAUSTED
                    .withDescription("the server is running its limit of " + max + " streams; try again shortly")
                    .toRuntimeException();
        }
    }

    void release() {
        permits.release();
    }
}
