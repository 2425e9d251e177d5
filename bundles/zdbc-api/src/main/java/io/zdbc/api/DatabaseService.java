package io.zdbc.api;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens databases. Inside OSGi it is a service; outside, {@code io.zdbc.engine.Zdbc} gives one.
 */
@ProviderType
public interface DatabaseService {
    /** Opens (or with {@link OpenOptions#createIfMissing()} creates) the database at {@code registry}. */
    Database open(Path registry, OpenOptions options);

    default Database open(Path registry) {
        return open(registry, OpenOptions.defaults());
    }
}
