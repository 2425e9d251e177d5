package io.zdbc.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.api.DatabaseService;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * 100 update cycles of the bundles that hold native resources (mmap: mappings; format: files,
 * locks, the change counter) and of the kernels, under query load. Afterwards nothing of the old
 * revisions may remain: no mapping or open file of the database, no extra thread (Chronicle's
 * background threads included), and every old revision's class loader garbage-collectable.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class UpdateCycleLeakTest {
    private static final int CYCLES = 100;
    private static final String[] SWAPPED = {"io.zdbc.mmap", "io.zdbc.format", "io.zdbc.kernels.scalar"};

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = Timeouts.SERVICE_MS)
    DatabaseService service;

    @TempDir
    Path dir;

    @Test
    void hundredUpdateCyclesUnderLoadLeaveNoMappingsFilesThreadsOrClassLoaders() throws Exception {
        // Warm up first: threads started once per engine (its view cleaner) belong to the baseline.
        // Threads are compared as objects, so one left by each revision would still show.
        try (Database db = service.open(dir.resolve("warmup.db"))) {
            db.write("w", Batch.builder().i64("n", 1, 2).build());
            try (var s = db.read("w")) {
                s.column("n").toLongArray();
            }
            db.table("w").select("n").sum().collect();
        }
        Set<Thread> threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
        List<WeakReference<ClassLoader>> oldLoaders = new ArrayList<>();
        List<String> loaderBsns = new ArrayList<>();
        QueryLoad load;
        try (Database db = service.open(dir.resolve("cycles.db"))) {
            load = new QueryLoad(db, 2);
            try {
                for (int cycle = 0; cycle < CYCLES; cycle++) {
                    for (String bsn : SWAPPED) {
                        Bundle b = Bundles.bundle(context, bsn);
                        oldLoaders.add(new WeakReference<>(Bundles.classLoader(b)));
                        loaderBsns.add(bsn);
                        Bundles.updateAndRefresh(context, b);
                    }
                }
                long after = load.answers.get();
                await().atMost(Duration.ofMillis(Timeouts.SERVICE_MS)).until(() -> load.answers.get() > after + 20);
            } finally {
                load.close();
            }
        }
        assertTrue(load.wrong.isEmpty(), "wrong answers or unexpected errors: " + load.wrong);
        assertTrue(load.answers.get() > CYCLES, "the load ran during the cycles: " + load.answers.get());

        // Old revisions are unreachable once nothing holds their objects: the class loaders go.
        try {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        System.gc();
                        return oldLoaders.stream().filter(r -> r.get() != null).count() == 0;
                    });
        } catch (ConditionTimeoutException e) {
            Map<String, Long> alive = new TreeMap<>();
            for (int i = 0; i < oldLoaders.size(); i++) {
                if (oldLoaders.get(i).get() != null) {
                    alive.merge(loaderBsns.get(i), 1L, Long::sum);
                }
            }
            List<String> newThreads = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (!threadsBefore.contains(t)) {
                    newThreads.add(t.getName() + " (" + t.getState() + ")");
                }
            }
            throw new AssertionError(
                    "old class loaders still reachable, by bundle: " + alive
                            + "; threads started since the warm-up: " + newThreads + "; simd loader now @"
                            + Integer.toHexString(System.identityHashCode(
                                    Bundles.classLoader(Bundles.bundle(context, "io.zdbc.kernels.simd")))),
                    e);
        }

        String where = dir.toString();
        // By design one page per database stays mapped per JVM: the change counter (FORMAT.md
        // 1.8). Old revisions' counter pages go when the collector frees their buffers.
        List<String> maps = new ArrayList<>();
        List<String> counters = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> {
                    System.gc();
                    maps.clear();
                    maps.addAll(lines(Path.of("/proc/self/maps"), where));
                    counters.clear();
                    maps.stream().filter(l -> l.endsWith("/.zdbc/changes")).forEach(counters::add);
                    maps.removeAll(counters);
                    return maps.isEmpty() && counters.size() <= 1;
                });
        assertEquals(List.of(), maps, "mappings of the database left behind");
        assertTrue(counters.size() <= 1, "one change-counter page at most: " + counters);
        assertEquals(List.of(), openFilesUnder(where), "file descriptors of the database left behind");

        // The SIMD kernels' workers of the current revision are not a leak: stop the bundle, so
        // that they must end too, and any of an old revision's would show.
        Bundle simd = Bundles.bundle(context, "io.zdbc.kernels.simd");
        boolean simdWasActive = simd.getState() == Bundle.ACTIVE;
        if (simdWasActive) {
            simd.stop();
        }
        Set<String> extra = new TreeSet<>();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                extra.clear();
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                    String n = t.getName();
                    if (t.isAlive()
                            && !threadsBefore.contains(t)
                            && !n.startsWith("zdbc-test-")
                            && !n.toLowerCase(Locale.ROOT).contains("awaitility")) {
                        extra.add(n);
                    }
                }
                return extra.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            // reported by the assertion below, with the names
        } finally {
            if (simdWasActive) {
                simd.start();
            }
        }
        assertEquals(Set.of(), extra, "threads started during the cycles that are still running");
        assertEquals(CYCLES * SWAPPED.length, oldLoaders.size());
    }

    private static List<String> lines(Path file, String containing) throws IOException {
        try (Stream<String> s = Files.lines(file)) {
            return s.filter(l -> l.contains(containing)).collect(Collectors.toList());
        }
    }

    private static List<String> openFilesUnder(String where) throws IOException {
        List<String> open = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(where)) {
                        open.add(target);
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        return open;
    }
}
