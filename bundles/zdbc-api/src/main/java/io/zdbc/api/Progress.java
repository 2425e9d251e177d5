package io.zdbc.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told how far a long import or export has got, e.g. to draw a progress bar. Called from the
 * transferring thread, at most a few hundred times per transfer; must be cheap.
 */
@ConsumerType
@FunctionalInterface
public interface Progress {
    /** Reports nothing. */
    Progress NONE = (done, total) -> {};

    /**
     * @param done  work done so far, in the connector's unit (bytes read for imports, rows for
     *              exports); never decreases within one transfer
     * @param total the whole, in the same unit, or -1 if unknown
     */
    void update(long done, long total);
}
