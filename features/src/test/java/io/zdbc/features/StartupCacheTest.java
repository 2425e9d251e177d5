package io.zdbc.features;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Checks the start-up cache of {@code ./zdbc} (cnf/tools/startup-cache.sh): the script runs from a
 * copy of the project's launch files (zdbc, the cache script, the feature jar) in a scratch tree,
 * with ZDBC_CACHE_DIR in it. Runs at `verify` like {@link CliJarTest} (features/pom.xml).
 *
 * <pre>java features/src/test/java/io/zdbc/features/StartupCacheTest.java ROOT JAR [SKIP_TESTS [MAVEN_TEST_SKIP]]</pre>
 */
public final class StartupCacheTest {
    private static final long TIMEOUT_S = 180;

    private final Path tree;
    private final Path cache;
    private final Path db;
    private final List<String> failures = new ArrayList<>();
    private int run;

    private StartupCacheTest(Path tree) {
        this.tree = tree;
        this.cache = tree.resolve("cache");
        this.db = tree.resolve("data/db");
    }

    public static void main(String[] args) throws Exception {
        for (int i = 2; i < args.length; i++) {
            if (Boolean.parseBoolean(args[i].trim())) {
                System.out.println("start-up cache tests: skipped");
                return;
            }
        }
        Path root = Path.of(args[0]);
        Path jar = Path.of(args[1]);
        if (!new File("/usr/bin/flock").canExecute() && !new File("/bin/flock").canExecute()) {
            System.out.println("start-up cache tests: skipped (no flock)");
            return;
        }
        Path tree = Files.createTempDirectory("zdbc-startup-cache-test");
        try {
            Files.createDirectories(tree.resolve("cnf/tools"));
            Files.createDirectories(tree.resolve("features/target"));
            Files.copy(root.resolve("zdbc"), tree.resolve("zdbc"), StandardCopyOption.COPY_ATTRIBUTES);
            Files.copy(root.resolve("cnf/tools/startup-cache.sh"), tree.resolve("cnf/tools/startup-cache.sh"));
            Files.copy(jar, tree.resolve("features/target/zdbc-cli.jar"));
            StartupCacheTest t = new StartupCacheTest(tree);
            t.check("warmRunReinstallsNothingAndKeepsTheArchive", t::warmRun);
            t.check("rebuiltJarGetsANewCacheAndTheOldOneIsRemoved", t::rebuiltJar);
            t.check("busySlotSendsTheNextRunToAnother", t::busySlot);
            t.check("concurrentFirstRunsBothAnswer", t::concurrentFirstRuns);
            t.check("damagedStorageIsRepairedByTheNextRun", t::damagedStorage);
            t.check("truncatedArchiveIsRebuiltNotMapped", t::truncatedArchive);
            t.check("pluginsOrCacheOffRunWithoutTheCache", t::withoutCache);
            System.out.printf(
                    "start-up cache tests: %d passed, %d failed (%d run)%n",
                    t.run - t.failures.size(), t.failures.size(), t.run);
            for (String f : t.failures) {
                System.out.println("  FAILED " + f);
            }
            if (!t.failures.isEmpty()) {
                System.exit(1);
            }
        } finally {
            delete(tree);
        }
    }

    interface Check {
        void run() throws Exception;
    }

    private void check(String name, Check c) {
        run++;
        try {
            delete(cache);
            c.run();
        } catch (Throwable e) {
            failures.add(name + ": " + e.getMessage());
        }
    }

    record Result(int code, String out, String err) {}

    /** A started {@code ./zdbc} and the files its output goes to. */
    record Started(Process process, Path out, Path err) {}

    /** Starts {@code bash zdbc ARGS} with the scratch cache (ENV: one NAME=value more, or null). */
    private Started start(String env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", tree.resolve("zdbc").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tree.toFile());
        pb.environment().put("ZDBC_CACHE_DIR", cache.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (env != null) {
            String[] kv = env.split("=", 2);
            pb.environment().put(kv[0], kv[1]);
        }
        Path out = Files.createTempFile(tree, "out", ".txt");
        Path err = Files.createTempFile(tree, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(new File("/dev/null"));
        return new Started(pb.start(), out, err);
    }

    private static Result finish(Started s) throws Exception {
        Process p = s.process();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("./zdbc did not exit within " + TIMEOUT_S + " s");
        }
        Result r = new Result(p.exitValue(), Files.readString(s.out()), Files.readString(s.err()));
        Files.delete(s.out());
        Files.delete(s.err());
        return r;
    }

    private Result zdbc(String env, String... args) throws Exception {
        return finish(start(env, args));
    }

    private void tables() throws Exception {
        Result r = zdbc(null, "tables", db.toString());
        expect(0, r.code(), "tables exit code (stderr " + r.err() + ")");
        expect("t\n", r.out(), "tables output");
    }

    /** The one flags directory under the one jar directory. */
    private Path flagsDir() throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> s = Files.walk(cache, 2)) {
            s.filter(p -> cache.relativize(p).getNameCount() == 2 && Files.isDirectory(p))
                    .forEach(dirs::add);
        }
        expect(1, dirs.size(), "flags directories in the cache " + dirs);
        return dirs.get(0);
    }

    void warmRun() throws Exception {
        Result r = zdbc(null, "create", db.toString(), "t", "id:i64");
        expect(0, r.code(), "create exit code (stderr " + r.err() + ")");
        Path dir = flagsDir();
        Path jsa = dir.resolve("classes.jsa");
        expectTrue(Files.size(jsa) > 0, "no class-data archive after the first run");
        expect(
                Long.toString(Files.size(jsa)),
                Files.readString(dir.resolve("classes.jsa.size")).trim(),
                "size file");
        FileTime written = Files.getLastModifiedTime(jsa);
        tables();
        expect(written, Files.getLastModifiedTime(jsa), "archive time after a warm run (rewritten?)");
        expectTrue(!Files.exists(dir.resolve("storage-1")), "a second storage for one run at a time");
        // Every bundle still has its first revision: the launcher compared digests and updated nothing.
        try (Stream<Path> s = Files.walk(dir.resolve("storage-0"), 2)) {
            List<Path> revised = s.filter(p -> p.getFileName().toString().startsWith("version")
                            && !p.getFileName().toString().equals("version0.0"))
                    .toList();
            expect(List.of(), revised, "bundle revisions after a warm run");
        }
    }

    void rebuiltJar() throws Exception {
        createTable();
        Path before = flagsDir().getParent();
        Path jar = tree.resolve("features/target/zdbc-cli.jar");
        Files.setLastModifiedTime(
                jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        tables();
        Path after = flagsDir().getParent();
        expectTrue(!after.equals(before), "same cache directory for a rebuilt jar: " + after);
        expectTrue(!Files.exists(before), "the old jar's cache is still there: " + before);
    }

    void busySlot() throws Exception {
        createTable();
        Path lock = flagsDir().resolve("storage-0.lock");
        Process holder = new ProcessBuilder("flock", lock.toString(), "-c", "echo held; exec sleep 300")
                .redirectErrorStream(true)
                .start();
        try {
            expect("held", new String(holder.getInputStream().readNBytes(4), StandardCharsets.UTF_8), "lock holder");
            tables();
            expectTrue(Files.isDirectory(flagsDir().resolve("storage-1")), "the run did not take slot 1");
        } finally {
            holder.descendants().forEach(ProcessHandle::destroy);
            holder.destroy();
        }
    }

    void concurrentFirstRuns() throws Exception {
        createTable();
        delete(cache);
        Started a = start(null, "tables", db.toString());
        Started b = start(null, "tables", db.toString());
        for (Started p : List.of(a, b)) {
            Result r = finish(p);
            expect(0, r.code(), "concurrent run exit code (stderr " + r.err() + ")");
            expect("t\n", r.out(), "concurrent run output");
        }
        Path jsa = flagsDir().resolve("classes.jsa");
        expect(
                Long.toString(Files.size(jsa)),
                Files.readString(flagsDir().resolve("classes.jsa.size")).trim(),
                "archive size after two first runs");
        tables();
    }

    void damagedStorage() throws Exception {
        createTable();
        Path storage = flagsDir().resolve("storage-0");
        Files.write(storage.resolve("bundle3/bundle.info"), "garbage\n".getBytes(StandardCharsets.UTF_8));
        Files.write(storage.resolve("bundle5/version0.0/bundle.jar"), new byte[0]);
        // Felix drops the damaged bundles, saying so (its log goes to stdout); the launcher reinstalls them.
        Result r = zdbc(null, "tables", db.toString());
        expect(0, r.code(), "exit code with a damaged storage (stderr " + r.err() + ")");
        expectTrue(
                r.out().endsWith("\nt\n") && r.out().contains("bundle3"), "output with a damaged storage: " + r.out());
        r = zdbc(null, "tables", db.toString());
        expect("t\n", r.out(), "output after the repair");
        expect("", r.err(), "stderr after the repair");
    }

    void truncatedArchive() throws Exception {
        createTable();
        Path jsa = flagsDir().resolve("classes.jsa");
        long size = Files.size(jsa);
        jsa.toFile().setWritable(true);
        try (RandomAccessFile f = new RandomAccessFile(jsa.toFile(), "rw")) {
            f.setLength(size / 3);
        }
        tables(); // mapping it would crash the JVM (SIGBUS); the size check drops it and this run rewrites it
        expect(
                Long.toString(Files.size(jsa)),
                Files.readString(flagsDir().resolve("classes.jsa.size")).trim(),
                "archive size after the rebuild");
        expectTrue(Files.size(jsa) > size / 3, "archive not rebuilt");
        tables();
    }

    void withoutCache() throws Exception {
        createTable();
        delete(cache);
        Result r = zdbc("ZDBC_CACHE=off", "tables", db.toString());
        expect("t\n", r.out(), "ZDBC_CACHE=off output");
        expectTrue(!Files.exists(cache), "ZDBC_CACHE=off wrote a cache");
        Path plugins = Files.createDirectories(tree.resolve("plugins"));
        Files.write(plugins.resolve("not-a-bundle.jar"), new byte[0]);
        try {
            r = zdbc(null, "tables", db.toString());
            expect("t\n", r.out(), "output with a plugin");
            expectTrue(!Files.exists(cache), "a run with plugins/*.jar wrote a cache");
        } finally {
            Files.delete(plugins.resolve("not-a-bundle.jar"));
        }
    }

    private void createTable() throws Exception {
        if (!Files.exists(db)) {
            Result r = zdbc("ZDBC_CACHE=off", "create", db.toString(), "t", "id:i64");
            expect(0, r.code(), "create exit code (stderr " + r.err() + ")");
        }
        tables(); // fills the cache
    }

    static void expect(Object expected, Object actual, String what) {
        expectTrue(expected.equals(actual), what + ": expected <" + expected + "> but was <" + actual + ">");
    }

    static void expectTrue(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /** Removes DIR and everything in it, if it exists. */
    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
