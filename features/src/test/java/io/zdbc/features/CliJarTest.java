package io.zdbc.features;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Checks the exported CLI feature as users run it: {@code java -jar target/zdbc-cli.jar ...}, one
 * JVM per check. Runs at `verify` (features/pom.xml) with the JDK's source launcher, so it needs
 * no test framework; prints the count and exits non-zero on a failure.
 *
 * <pre>java features/src/test/java/io/zdbc/features/CliJarTest.java JAR [SKIP_TESTS [MAVEN_TEST_SKIP]]</pre>
 */
public final class CliJarTest {
    private static final long TIMEOUT_S = 120;

    private final Path jar;
    private final Path dir;
    private final List<String> failures = new ArrayList<>();
    private int run;

    private CliJarTest(Path jar, Path dir) {
        this.jar = jar;
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        for (int i = 1; i < args.length; i++) {
            if (Boolean.parseBoolean(args[i].trim())) {
                System.out.println("CLI jar tests: skipped");
                return;
            }
        }
        Path jar = Path.of(args[0]);
        if (!Files.isRegularFile(jar)) {
            System.err.println("CLI jar tests: no " + jar);
            System.exit(1);
        }
        Path dir = Files.createTempDirectory("zdbc-cli-jar-test");
        CliJarTest t = new CliJarTest(jar, dir);
        try {
            t.check("oneShotCommandsPrintAndReturnTheirExitCodes", t::oneShot);
            t.check("pipedShellScriptRunsAndExits", t::pipedShell);
            t.check("shellScriptFileRunsAndExits", t::shellScriptFile);
            t.check("pluginDroppedIntoPluginsIsStarted", t::plugin);
        } finally {
            delete(dir);
        }
        System.out.printf(
                "CLI jar tests: %d passed, %d failed (%d run, %s)%n",
                t.run - t.failures.size(), t.failures.size(), t.run, jar);
        for (String f : t.failures) {
            System.out.println("  FAILED " + f);
        }
        if (!t.failures.isEmpty()) {
            System.exit(1);
        }
    }

    interface Check {
        void run() throws Exception;
    }

    private void check(String name, Check c) {
        run++;
        try {
            c.run();
        } catch (Throwable e) {
            failures.add(name + ": " + e.getMessage());
        }
    }

    record Result(int code, String out, String err) {}

    Result zdbc(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 24) {
            cmd.addAll(List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"));
        }
        cmd.addAll(List.of(
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dproject.build.directory=" + dir,
                "-Dzdbc.plugins=" + dir.resolve("plugins"),
                "-jar",
                jar.toString()));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread o = pump(p.getInputStream(), out);
        Thread e = pump(p.getErrorStream(), err);
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not exit within " + TIMEOUT_S + " s: " + String.join(" ", args));
        }
        o.join();
        e.join();
        return new Result(
                p.exitValue(),
                out.toString(StandardCharsets.UTF_8).replace("\r", ""),
                err.toString(StandardCharsets.UTF_8).replace("\r", ""));
    }

    private static Thread pump(InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the process died
            }
        });
        t.start();
        return t;
    }

    static void expect(Object expected, Object actual, String what) {
        if (!expected.equals(actual)) {
            throw new AssertionError(what + ": expected <" + expected + "> but was <" + actual + ">");
        }
    }

    static void expectTrue(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    void oneShot() throws Exception {
        String db = dir.resolve("one/db").toString();
        Result r = zdbc(null, "create", db, "data/players", "id:i64", "name:str");
        expect(0, r.code(), "create exit code (stderr " + r.err() + ")");
        r = zdbc(null, "tables", db);
        expect(0, r.code(), "tables exit code (stderr " + r.err() + ")");
        expect("data/players\n", r.out(), "tables output");
        expect("", r.err(), "tables stderr");
        r = zdbc(null, "tables", dir.resolve("missing").toString());
        expect(1, r.code(), "tables of a missing database: exit code");
        expect("zdbc: no database at " + dir.resolve("missing") + " (registry file not found)\n", r.err(), "stderr");
        r = zdbc(null, "no-such-command");
        expect(2, r.code(), "unknown command: exit code");
    }

    void pipedShell() throws Exception {
        String db = dir.resolve("shell/db").toString();
        Result r = zdbc(
                "create " + db + " t id:i64 score:f64\ntables " + db + "\n\nsql " + db
                        + " 'SELECT count(*) FROM t'\nzdbc:tables " + db + "\nexit\ntables " + db + "\n",
                "shell");
        expect(0, r.code(), "shell exit code (stderr " + r.err() + ")");
        expect(
                "created table t [id:i64, score:f64]\nt\ncount(*)\n0\nt\n",
                r.out(),
                "shell output (no prompt when piped; nothing after exit)");
        // end of input without `exit` ends the shell too
        r = zdbc("tables " + db + "\n", "shell");
        expect(0, r.code(), "shell at EOF: exit code");
        expect("t\n", r.out(), "shell at EOF: output");
    }

    void shellScriptFile() throws Exception {
        String db = dir.resolve("script/db").toString();
        Path script = dir.resolve("script.gosh");
        Files.writeString(script, "# a comment\ncreate " + db + " s name:str\nschema " + db + " s\n");
        Result r = zdbc(null, "shell", script.toString());
        expect(0, r.code(), "shell <script> exit code (stderr " + r.err() + ")");
        expectTrue(
                r.out().startsWith("created table s [name:str]\ntable s: 0 rows, 1 columns"),
                "shell <script> output: " + r.out());
    }

    void plugin() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "test.zdbc.plugin");
        a.putValue("Bundle-Version", "1.0.0");
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(plugins.resolve("test-plugin.jar")), m)) {
            j.flush();
        }
        Result r = zdbc("lb test.zdbc.plugin\n", "shell");
        expect(0, r.code(), "shell exit code (stderr " + r.err() + ")");
        expectTrue(r.out().matches("(?s).*\\|Active\\s*\\|.*test.zdbc.plugin.*"), "plugin not active: " + r.out());
        Files.delete(plugins.resolve("test-plugin.jar"));
    }

    private static void delete(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
