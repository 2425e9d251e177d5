package io.zdbc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The JVM flags zdbc needs are written down once, in the root pom's {@code zdbc.jvm.flags} (and
 * {@code zdbc.jvm.extra} for JDK 24+); the build and the launcher read them from there. The two
 * places that cannot read them, the README users copy from and the executable jars' manifest
 * headers, are checked here against that list.
 */
class JvmFlagsTest {
    private static final Path ROOT = Path.of("../..");

    @Test
    void readmeListsExactlyThePomFlags() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int at = readme.indexOf("**Running on the JVM**");
        assertTrue(at >= 0, "README has no 'Running on the JVM' paragraph");
        int open = readme.indexOf("```\n", at);
        int close = readme.indexOf("```", open + 4);
        assertEquals(pomFlags(), tokens(readme.substring(open + 4, close)));
    }

    @Test
    void readmeNamesTheJdk24Flags() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String extra = lastProperty("zdbc.jvm.extra");
        assertTrue(!extra.isBlank(), "the jdk24-plus profile sets zdbc.jvm.extra");
        assertTrue(readme.contains("`" + extra + "`"), "README must name `" + extra + "`");
    }

    @Test
    void executableJarManifestOpensAndExportsWhatThePomFlagsDo() throws IOException {
        String bnd = Files.readString(ROOT.resolve("cnf/zdbc-run.bnd"));
        Set<String> opens = new LinkedHashSet<>();
        Set<String> exports = new LinkedHashSet<>();
        for (String f : pomFlags()) {
            if (f.startsWith("--add-opens=")) {
                opens.add(f.substring("--add-opens=".length()).replace("=ALL-UNNAMED", ""));
            } else if (f.startsWith("--add-exports=")) {
                exports.add(f.substring("--add-exports=".length()).replace("=ALL-UNNAMED", ""));
            }
        }
        assertEquals(opens, tokens(header(bnd, "Add-Opens")));
        assertEquals(exports, tokens(header(bnd, "Add-Exports")));
    }

    private static Set<String> pomFlags() throws IOException {
        return tokens(lastProperty("zdbc.jvm.flags"));
    }

    /** The last {@code <name>…</name>} of the root pom: a profile's value comes after the default. */
    private static String lastProperty(String name) throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">(.*?)</" + Pattern.quote(name) + ">")
                .matcher(pom);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        assertTrue(last != null, "the root pom has no property " + name);
        return last;
    }

    private static String header(String bnd, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ":(.*)$").matcher(bnd);
        assertTrue(m.find(), "cnf/zdbc-run.bnd has no " + name + " header");
        return m.group(1);
    }

    private static Set<String> tokens(String s) {
        return Arrays.stream(s.trim().split("\\s+"))
                .filter(t -> !t.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
