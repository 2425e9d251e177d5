package io.zdbc.api;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/** A database file does not match the format: truncated, garbage, or disagreeing with the schema. */
@ProviderType
public class CorruptDatabaseException extends ZdbcException {
    private static final long serialVersionUID = 1L;
    private final Path file;

    public CorruptDatabaseException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
