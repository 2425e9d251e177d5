package io.zdbc.api;

import org.osgi.annotation.versioning.ProviderType;

/** A database file does not match the format: truncated, garbage, or disagreeing with the schema. */
@ProviderType
public class CorruptDatabaseException extends ZdbcException {
    private static final long serialVersionUID = 1L;
    private final java.nio.file.Path file;

    public CorruptDatabaseException(java.nio.file.Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public java.nio.file.Path file() {
        return file;
    }
}
