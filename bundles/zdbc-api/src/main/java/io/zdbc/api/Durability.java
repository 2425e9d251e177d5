package io.zdbc.api;

/** When a commit is on stable storage. */
public enum Durability {
    /**
     * Every new file and directory entry is fsync'ed before the commit returns: a committed
     * change survives power loss. The default.
     */
    DURABLE,
    /**
     * No fsync: a commit is atomic against crashes of the process (the OS still has the data) but
     * a power loss may lose recent commits. Each table still comes back as one committed version.
     */
    FAST
}
