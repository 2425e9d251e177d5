package io.zdbc.spark;

import io.zdbc.api.ZdbcException;

/**
 * A task found that the table no longer has the version its scan pinned (a writer replaced or
 * dropped it, and the pinned generation's files are gone): the job fails instead of mixing versions.
 */
public final class TableChangedException extends ZdbcException {
    private static final long serialVersionUID = 1L;

    TableChangedException(String table, long pinned, String now) {
        super("table '" + table + "' changed during the job (pinned version " + pinned + ", now " + now
                + "); run the query again to read the new version");
    }
}
