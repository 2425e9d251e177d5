package io.zdbc.engine.query;

/** A snapshot that can say which files it reads: with the version, what a cached answer is keyed on. */
public interface VersionIdentity {
    /** Equal for two snapshots of the same table version, different after any commit or re-create. */
    Object versionIdentity();
}
