package io.zdbc.soak;

import io.zdbc.mmap.impl.ChronicleColumnIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a run may leave behind, taken before it and compared after it (QuestDB's and Chronicle's
 * habit): mappings (Chronicle's count and /proc/self/maps) and file descriptors under the given
 * directories, and threads.
 */
final class Leaks {
    private final List<String> dirs = new ArrayList<>();
    private final long regions;
    private final Set<Thread> threads;

    Leaks(Path... dirs) throws ClassNotFoundException {
        // Views share one Cleaner thread per class loader, started with their class: not a leak.
        Class.forName("io.zdbc.engine.impl.MappedColumnView", true, Leaks.class.getClassLoader());
        for (Path d : dirs) {
            this.dirs.add(d.toString() + "/");
        }
        this.regions = ChronicleColumnIO.liveRegions();
        this.threads = new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    /** What is left, waiting a few seconds for idle kernel workers to end; empty if nothing. */
    List<String> leftOver() throws IOException, InterruptedException {
        List<String> left = new ArrayList<>();
        for (int attempt = 0; attempt < 50; attempt++) {
            // No System.gc() here: views' Cleaner would unmap what a run forgot to close.
            left.clear();
            long r = ChronicleColumnIO.liveRegions();
            if (r != regions) {
                left.add((r - regions) + " Chronicle mappings");
            }
            // One change-counter page per database stays mapped by design (docs/FORMAT.md).
            for (String m : lines(Path.of("/proc/self/maps"))) {
                if (!m.endsWith("/.zdbc/changes")) {
                    left.add("mapping " + m);
                }
            }
            left.addAll(openFiles());
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                // The JDK's reaper of the child process ends on its own later; the attach listener
                // is the JVM's, started by jstack or jcmd.
                if (t.isAlive()
                        && !threads.contains(t)
                        && !t.getName().startsWith("process reaper")
                        // The JVM's common pool (the group-by's second part runs there) keeps
                        // its idle workers for a while; it belongs to the JVM, not to a database.
                        && !t.getName().startsWith("ForkJoinPool.commonPool-worker")
                        && !t.getName().equals("Attach Listener")) {
                    left.add("thread " + t.getName() + " (" + t.getState() + ")");
                }
            }
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        return left;
    }

    private List<String> lines(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<String> s = Files.lines(file)) {
            s.filter(l -> dirs.stream().anyMatch(l::contains)).forEach(out::add);
        }
        return out;
    }

    private List<String> openFiles() throws IOException {
        List<String> open = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (dirs.stream().anyMatch(target::startsWith)) {
                        open.add("file descriptor " + target);
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        return open;
    }
}
