package io.zdbc.pytests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed test vectors (testdata/vectors) are what Java writes today, byte for byte except
 * the random generation number (in generation file names and commit records) and the checksum over
 * it. Python's tests read them and write the same tables. {@code -Dzdbc.vectors.update=true}
 * rewrites them after an intended format change.
 */
class VectorsTest {
    static final Path COMMITTED = Path.of("../testdata/vectors");
    /** Offset of the generation in a commit record, after magic, flags and version. */
    static final int GENERATION_OFFSET = 20;

    @Test
    void javaWritesTheCommittedVectorsByteForByte(@TempDir Path tmp) throws Exception {
        Vectors.write(tmp);
        Map<String, byte[]> written = files(tmp);
        if (Boolean.getBoolean("zdbc.vectors.update")) {
            update(tmp);
        }
        Map<String, byte[]> committed = files(COMMITTED);
        assertEquals(committed.keySet(), written.keySet(), "files of the vectors");
        for (Map.Entry<String, byte[]> e : written.entrySet()) {
            byte[] want = committed.get(e.getKey());
            byte[] got = e.getValue();
            if (e.getKey().endsWith("/commit")) {
                want = maskGeneration(want);
                got = maskGeneration(got);
            }
            assertArrayEquals(want, got, e.getKey());
        }
    }

    /** Relative path → bytes, generation files named {@code GEN.<column>}; lock and change counter left out. */
    static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (rel.endsWith(".zdbc/lock") || rel.endsWith(".zdbc/changes") || rel.endsWith("README.md")) {
                    continue;
                }
                out.put(rel.replaceAll("/[0-9a-f]{1,16}\\.([^/]+)$", "/GEN.$1"), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static byte[] maskGeneration(byte[] record) {
        byte[] b = Arrays.copyOf(record, record.length);
        Arrays.fill(b, GENERATION_OFFSET, GENERATION_OFFSET + 8, (byte) 0);
        Arrays.fill(b, b.length - 4, b.length, (byte) 0);
        return b;
    }

    private static void update(Path tmp) throws IOException {
        Files.createDirectories(COMMITTED.resolve("types"));
        try (Stream<Path> s = Files.walk(COMMITTED.resolve("types"))) {
            for (Path p : (Iterable<Path>) s.sorted((a, b) -> b.compareTo(a))::iterator) {
                Files.delete(p);
            }
        }
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                String rel = tmp.relativize(p).toString();
                if (rel.endsWith("lock") || rel.endsWith("changes")) {
                    continue;
                }
                Path dest = COMMITTED.resolve(rel);
                Files.createDirectories(dest.getParent());
                Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
