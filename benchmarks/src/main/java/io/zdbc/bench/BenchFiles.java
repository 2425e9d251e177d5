package io.zdbc.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/** The benchmark's work directories: emptied, measured (each inode once) and deleted. */
final class BenchFiles {
    private BenchFiles() {}

    static void clean(Path dir) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir);
    }

    static long sizeOf(Path dir) throws IOException {
        // zdbc hard-links its current column files under the table's name: count every inode once.
        Set<Object> seen = new HashSet<>();
        long total = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                if (a.isRegularFile() && (a.fileKey() == null || seen.add(a.fileKey()))) {
                    total += a.size();
                }
            }
        }
        return total;
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
