package io.zdbc.cli;

import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.ZdbcException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Options every command that opens a database shares. */
final class DbOptions {
    @Option(
            names = "--durability",
            defaultValue = "durable",
            paramLabel = "durable|fast",
            description =
                    "durable (default): fsync before a commit returns; fast: no fsync, still atomic against crashes of the process.")
    String durability;

    Durability durability() {
        switch (durability.toLowerCase(Locale.ROOT)) {
            case "durable":
                return Durability.DURABLE;
            case "fast":
                return Durability.FAST;
            default:
                throw new IllegalArgumentException(
                        "--durability must be 'durable' or 'fast', not '" + durability + "'");
        }
    }

    /** Opens an existing database. */
    Database open(Path db, boolean readOnly) {
        if (!Files.exists(db)) {
            throw new ZdbcException("no database at " + db + " (registry file not found)");
        }
        return Services.databases()
                .open(
                        db,
                        OpenOptions.defaults()
                                .withDurability(durability())
                                .withReadOnly(readOnly)
                                .withCreateIfMissing(false));
    }

    /** Opens a database, creating it if missing. */
    Database openOrCreate(Path db) {
        return Services.databases().open(db, OpenOptions.defaults().withDurability(durability()));
    }
}
