package io.zdbc.itest;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** What a network server holds in this JVM: listening TCP sockets, direct memory. */
final class ServerResources {
    private ServerResources() {}

    /**
     * Listening TCP sockets of this process on {@code port} (any port if negative): the sockets
     * among this process's file descriptors that /proc/net/tcp[6] lists in state LISTEN.
     */
    static int listeners(int port) throws IOException {
        Set<String> mine = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        mine.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // not ours any more
                }
            }
        }
        int count = 0;
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                String[] f = line.trim().split("\\s+");
                if (f.length < 10 || !f[3].equals("0A") || !mine.contains(f[9])) {
                    continue;
                }
                int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                if (port < 0 || local == port) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Direct buffer memory in use once unreachable buffers (and class loaders) are collected. */
    static long directMemoryAfterGc() throws InterruptedException {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct"))
                .findFirst()
                .orElseThrow();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100); // cleaners run on their own thread
            least = Math.min(least, direct.getMemoryUsed());
        }
        return least;
    }
}
