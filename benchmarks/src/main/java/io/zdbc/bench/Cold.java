package io.zdbc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Evicts a format's files from the page cache before a cold run: {@code sync} then
 * {@code echo 1 > /proc/sys/vm/drop_caches} where the process may (root, not read-only /proc),
 * else {@code posix_fadvise(POSIX_FADV_DONTNEED)} per file through {@code python3} (after an
 * fdatasync, since dirty pages cannot be dropped). {@link #method()} says which, or why neither.
 */
final class Cold {
    static final Path DROP_CACHES = Path.of("/proc/sys/vm/drop_caches");
    private static final String FADVISE = "import os, sys\n"
            + "for p in sys.argv[1:]:\n"
            + "    fd = os.open(p, os.O_RDONLY)\n"
            + "    try:\n"
            + "        os.fdatasync(fd)\n"
            + "        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)\n"
            + "    finally:\n"
            + "        os.close(fd)\n";

    enum Method {
        DROP_CACHES,
        FADVISE,
        NONE
    }

    private final Method method;
    private final String why;

    private Cold(Method method, String why) {
        this.method = method;
        this.why = why;
    }

    /** Finds the first method that works here ({@code preferred} = "auto", "drop_caches" or "fadvise"). */
    static Cold detect(String preferred, Path probeDir) {
        List<String> tried = new ArrayList<>();
        if (!preferred.equals("fadvise")) {
            try {
                run(List.of("sync"));
                Files.writeString(DROP_CACHES, "1");
                return new Cold(Method.DROP_CACHES, "sync + echo 1 > /proc/sys/vm/drop_caches (whole page cache)");
            } catch (IOException | RuntimeException e) {
                tried.add("drop_caches: " + e.getMessage());
            }
        }
        if (!preferred.equals("drop_caches")) {
            try {
                Path probe = Files.createTempFile(probeDir, "cold-probe", ".bin");
                try {
                    Files.write(probe, new byte[4096]);
                    run(fadviseCommand(List.of(probe)));
                    return new Cold(Method.FADVISE, "posix_fadvise(DONTNEED) per file via python3 (after fdatasync)");
                } finally {
                    Files.deleteIfExists(probe);
                }
            } catch (IOException | RuntimeException e) {
                tried.add("fadvise: " + e.getMessage());
            }
        }
        return new Cold(Method.NONE, "cold mode unavailable (" + String.join("; ", tried) + ")");
    }

    static Cold none() {
        return new Cold(Method.NONE, "warm (files in the page cache)");
    }

    Method method() {
        return method;
    }

    String describe() {
        return why;
    }

    boolean active() {
        return method != Method.NONE;
    }

    /** Evicts every file under {@code dir} (untimed, before a run). */
    void evict(Path dir) {
        try {
            switch (method) {
                case DROP_CACHES:
                    run(List.of("sync"));
                    Files.writeString(DROP_CACHES, "1");
                    break;
                case FADVISE: {
                    List<Path> files;
                    try (Stream<Path> s = Files.walk(dir)) {
                        files = s.filter(Files::isRegularFile).toList();
                    }
                    if (!files.isEmpty()) {
                        run(fadviseCommand(files));
                    }
                    break;
                }
                default:
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot evict " + dir + " from the page cache: " + e.getMessage(), e);
        }
    }

    private static List<String> fadviseCommand(List<Path> files) {
        List<String> cmd = new ArrayList<>(List.of("python3", "-c", FADVISE));
        for (Path f : files) {
            cmd.add(f.toString());
        }
        return cmd;
    }

    private static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " timed out");
            }
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.exitValue() != 0) {
                throw new IOException(cmd.get(0) + " exited " + p.exitValue() + (out.isEmpty() ? "" : ": " + out));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
