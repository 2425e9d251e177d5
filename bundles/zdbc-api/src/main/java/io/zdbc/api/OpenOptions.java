package io.zdbc.api;

import java.time.Duration;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * How to open a database.
 *
 * @param durability    {@link Durability#DURABLE} by default
 * @param lockTimeout   how long a write waits for another writer's lock (default 10 s)
 * @param readOnly      refuse every write and never touch the files (no recovery, no lock)
 * @param createIfMissing create an empty registry when none exists (default true unless read-only)
 */
@ProviderType
public record OpenOptions(Durability durability, Duration lockTimeout, boolean readOnly, boolean createIfMissing) {
    public OpenOptions {
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
    }

    public static OpenOptions defaults() {
        return new OpenOptions(Durability.DURABLE, Duration.ofSeconds(10), false, true);
    }

    public static OpenOptions readOnlyDefaults() {
        return new OpenOptions(Durability.DURABLE, Duration.ofSeconds(10), true, false);
    }

    public OpenOptions withDurability(Durability d) {
        return new OpenOptions(d, lockTimeout, readOnly, createIfMissing);
    }

    public OpenOptions withLockTimeout(Duration t) {
        return new OpenOptions(durability, t, readOnly, createIfMissing);
    }

    public OpenOptions withReadOnly(boolean ro) {
        return new OpenOptions(durability, lockTimeout, ro, ro ? false : createIfMissing);
    }

    public OpenOptions withCreateIfMissing(boolean c) {
        return new OpenOptions(durability, lockTimeout, readOnly, c);
    }
}
