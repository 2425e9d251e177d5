package io.zdbc.api;

import org.osgi.annotation.versioning.ProviderType;

/** When a commit is on stable storage. */
@ProviderType
public enum Durability {
    /**
     * Every new file and directory entry is fsync'ed before the commit returns: a committed
     * change survives power loss. The default.
     */
    DURABLE,
    /**
     * No fsync: a commit is atomic against crashes of the process (the operating system still
     * has every write). After a power loss or an OS crash, recent commits may be lost and a table
     * may come back damaged; {@code verify} reports it. Several times faster for small commits.
     */
    FAST
}
