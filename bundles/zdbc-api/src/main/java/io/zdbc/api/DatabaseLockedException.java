package io.zdbc.api;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/** Another writer, in this or another process, held the write lock past the wait limit. */
@ProviderType
public class DatabaseLockedException extends ZdbcException {
    private static final long serialVersionUID = 1L;

    public DatabaseLockedException(Path lockFile, long waitedMillis) {
        super("database is locked by another writer: " + lockFile + " (waited " + waitedMillis + " ms)");
    }
}
