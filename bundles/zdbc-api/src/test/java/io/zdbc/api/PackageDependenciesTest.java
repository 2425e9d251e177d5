package io.zdbc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The exported packages' dependencies as the JDK's jdeps reads them from the compiled classes. */
class PackageDependenciesTest {
    private static final Pattern EDGE =
            Pattern.compile("^\\s+(io\\.zdbc\\S*)\\s+->\\s+(io\\.zdbc\\S*)\\s", Pattern.MULTILINE);
    private static final Map<String, Set<String>> USES = new TreeMap<>();

    @BeforeAll
    static void readDependencies() {
        Path classes = Path.of("target", "classes");
        assertTrue(
                Files.isDirectory(classes),
                "run from the module directory after compiling: " + classes.toAbsolutePath());
        StringWriter out = new StringWriter();
        int rc = ToolProvider.findFirst("jdeps")
                .orElseThrow()
                .run(
                        new PrintWriter(out),
                        new PrintWriter(out),
                        "-verbose:package",
                        "-e",
                        "io\\.zdbc\\..*",
                        classes.toString());
        assertEquals(0, rc, out.toString());
        Matcher m = EDGE.matcher(out.toString());
        while (m.find()) {
            USES.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
        }
        assertTrue(USES.containsKey("io.zdbc.spi"), "jdeps found no dependencies:\n" + out);
    }

    @Test
    void apiPackagesUseNoSpiPackage() {
        for (String api : new String[] {"io.zdbc.api", "io.zdbc.api.query"}) {
            for (String used : USES.getOrDefault(api, Set.of())) {
                assertFalse(used.startsWith("io.zdbc.spi"), api + " uses " + used);
            }
        }
    }

    @Test
    void helperPackagesDoNotUseTheServiceInterfaces() {
        assertFalse(USES.getOrDefault("io.zdbc.spi.kernel", Set.of()).contains("io.zdbc.spi"), USES.toString());
        assertFalse(USES.getOrDefault("io.zdbc.spi.connector", Set.of()).contains("io.zdbc.spi"), USES.toString());
    }

    @Test
    void noPackageIsOnACycle() {
        for (String pkg : USES.keySet()) {
            assertFalse(reachable(pkg).contains(pkg), pkg + " reaches itself: " + USES);
        }
    }

    private static Set<String> reachable(String from) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(USES.getOrDefault(from, Set.of()));
        while (!todo.isEmpty()) {
            String p = todo.pop();
            if (seen.add(p)) {
                todo.addAll(USES.getOrDefault(p, Set.of()));
            }
        }
        return seen;
    }
}
