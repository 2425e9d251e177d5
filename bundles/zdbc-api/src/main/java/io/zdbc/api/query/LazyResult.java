package io.zdbc.api.query;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A query not yet run. {@link #collect()} runs it against the table's current version and keeps
 * the answer; the next {@code collect()} returns it again without running, unless the table has
 * committed a change since, in which case it runs again.
 */
@ProviderType
public interface LazyResult {
    Result collect();

    /** Orders the result by one of its columns. */
    LazyResult orderBy(String column, boolean descending);

    /** Keeps at most {@code n} rows of the result. */
    LazyResult limit(long n);

    /** The plan as an indented tree, and whether a cached answer is held. */
    String explain();

    /** True if the last collected answer is held for the table version it was computed on. */
    boolean isCached();
}
