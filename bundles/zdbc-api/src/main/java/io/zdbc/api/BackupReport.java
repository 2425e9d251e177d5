package io.zdbc.api;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What {@link Database#backup} made: the backup's registry file, how many tables and column
 * bytes it copied, and the verification of the finished backup (always without problems: a
 * backup that fails it is deleted and reported as an exception).
 */
@ProviderType
public record BackupReport(Path registry, int tables, long bytes, VerifyReport verify) {}
