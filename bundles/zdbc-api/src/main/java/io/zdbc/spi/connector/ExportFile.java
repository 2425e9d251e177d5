package io.zdbc.spi.connector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * How an export writes its file so that a failure never leaves a half-written file under the
 * target's name: everything goes to {@code <target>.zdbc-tmp}, which is moved over the target
 * atomically at the end and deleted on any failure. Every connector's export uses it.
 *
 * <pre>{@code
 * return ExportFile.write(target, tmp -> {
 *     try (OutputStream out = Files.newOutputStream(tmp)) {
 *         return writeRows(out);
 *     }
 * });
 * }</pre>
 */
@ProviderType
public final class ExportFile {
    /** Suffix of the temporary file beside the target. */
    public static final String TMP_SUFFIX = ".zdbc-tmp";

    private ExportFile() {}

    /** Writes into the temporary file given to it and returns what the export reports. */
    @ConsumerType
    @FunctionalInterface
    public interface Writer<T> {
        T write(Path tmp) throws IOException;
    }

    /** Runs {@code writer} on {@code <target>.zdbc-tmp}, then moves that file over {@code target}. */
    public static <T> T write(Path target, Writer<T> writer) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + TMP_SUFFIX);
        try {
            T result = writer.write(tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return result;
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the export's own error matters more
            }
        }
    }
}
