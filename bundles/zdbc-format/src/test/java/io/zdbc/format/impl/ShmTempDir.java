package io.zdbc.format.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Temporary directories on tmpfs (/dev/shm) when there is one: the fault-injection loops open,
 * write and fsync thousands of small databases, and fsync on a real disk would dominate. The
 * protocol's logic does not depend on the file system beyond atomic rename and hard links.
 */
final class ShmTempDir implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
        Path shm = Paths.get("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return Files.createTempDirectory(shm, "zdbc-format-test");
        }
        return Files.createTempDirectory("zdbc-format-test");
    }
}
