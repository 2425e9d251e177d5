package io.zdbc.spi.connector;

import io.zdbc.api.Batch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The batches of a streaming import, as {@link io.zdbc.api.Database#write(String, java.util.List,
 * Iterator)} and {@link io.zdbc.api.Database#append(String, Iterator)} pull them: a subclass reads
 * the next batch in {@link #fill()}; this class holds it between {@code hasNext} and {@code next}.
 */
@ConsumerType
public abstract class BatchIterator implements Iterator<Batch> {
    private Batch pending;
    private boolean done;

    /**
     * Reads the next batch: typically fills the {@link ColumnBuffer}s until they are full or the
     * source ends, then takes them with {@link ColumnBuffer#takeBatch}. Not called again after it
     * returned null.
     *
     * @return the next batch, or null when the source has no more rows
     * @throws IOException reading the source; {@code hasNext} rethrows it as an
     *     {@link UncheckedIOException}
     */
    protected abstract Batch fill() throws IOException;

    @Override
    public final boolean hasNext() {
        if (pending == null && !done) {
            try {
                pending = fill();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            done = pending == null;
        }
        return pending != null;
    }

    @Override
    public final Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Batch b = pending;
        pending = null;
        return b;
    }
}
