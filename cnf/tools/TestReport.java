import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Prints the totals of the JUnit XML reports that bnd-testing-maven-plugin writes (it prints
 * nothing on success), with the tests run per framework (one run per .bndrun: Felix, Equinox), and
 * exits non-zero on failures, errors, or when no test ran at all.
 * Run with the JDK's source launcher, so the build needs nothing beyond Maven Central:
 *
 * <pre>java cnf/tools/TestReport.java REPORTS_DIR [SKIP_TESTS [MAVEN_TEST_SKIP [FRAMEWORKS]]]</pre>
 *
 * FRAMEWORKS (e.g. {@code Felix,Equinox}) names the runs that must each have run tests, so a
 * framework that never started cannot pass unnoticed.
 *
 * <p>{@code java cnf/tools/TestReport.java --total ROOT} instead adds up every JUnit report under
 * a {@code target/} directory below ROOT (Surefire and in-framework alike) into the one closing
 * line CI reads: {@code Tests: N passed, N failed, N skipped}.
 */
public final class TestReport {
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].equals("--total") && args.length != 2) {
            System.err.println("usage: java TestReport.java REPORTS_DIR [SKIP_TESTS [MAVEN_TEST_SKIP [FRAMEWORKS]]]");
            System.err.println("       java TestReport.java --total ROOT");
            System.exit(2);
        }
        if (args[0].equals("--total")) {
            total(Path.of(args[1]));
            return;
        }
        for (int i = 1; i < Math.min(args.length, 3); i++) {
            if (Boolean.parseBoolean(args[i].trim())) {
                System.out.println("In-framework tests: skipped");
                return;
            }
        }
        Path dir = Path.of(args[0]);
        List<Path> reports = reports(dir);
        long tests = 0, failures = 0, errors = 0, skipped = 0;
        List<String> failed = new ArrayList<>();
        Map<String, Long> perRun = new LinkedHashMap<>();
        perRun.put("Felix", 0L); // the reference framework first; dropped below if it did not run
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        for (Path report : reports) {
            Document doc = dbf.newDocumentBuilder().parse(report.toFile());
            String run = framework(doc, dir.relativize(report));
            long before = tests;
            long[] n = counts(doc);
            tests += n[0];
            failures += n[1];
            errors += n[2];
            skipped += n[3];
            perRun.merge(run, tests - before, Long::sum);
            NodeList cases = doc.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                if (c.getElementsByTagName("failure").getLength() > 0 || c.getElementsByTagName("error").getLength() > 0) {
                    failed.add(run + ": " + c.getAttribute("classname") + "." + c.getAttribute("name"));
                }
            }
        }
        long bad = failures + errors;
        long passed = tests - bad - skipped;
        if (perRun.get("Felix") == 0) {
            perRun.remove("Felix");
        }
        StringBuilder runs = new StringBuilder();
        perRun.forEach((k, v) -> runs.append(runs.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        System.out.printf("In-framework tests: %d passed, %d failed, %d skipped (%d run: %s; %d report files in %s)%n",
                passed, bad, skipped, tests, runs, reports.size(), dir);
        failed.forEach(f -> System.out.println("  FAILED " + f));
        List<String> missing = new ArrayList<>();
        if (args.length > 3) {
            for (String fw : args[3].split(",")) {
                if (!fw.isBlank() && perRun.getOrDefault(fw.trim(), 0L) == 0) {
                    missing.add(fw.trim());
                }
            }
        }
        if (!missing.isEmpty()) {
            System.out.println("  no test ran on " + String.join(", ", missing)
                    + ": the framework did not start or its tester found no Test-Cases");
        }
        if (bad > 0) {
            System.out.println("  details: " + dir + "/**/TEST-*.xml");
            System.exit(1);
        }
        if (tests == 0) {
            System.out.println("  no test ran: the tester found no Test-Cases, or the framework did not start");
            System.exit(1);
        }
        if (!missing.isEmpty()) {
            System.exit(1);
        }
    }

    /** Prints the closing line over every report below {@code root}'s target directories. */
    private static void total(Path root) throws Exception {
        long[] sum = new long[4];
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        for (Path report : reports(root)) {
            if (!root.relativize(report).toString().contains("target/") || report.toString().contains("/.git/")) {
                continue;
            }
            long[] c = counts(dbf.newDocumentBuilder().parse(report.toFile()));
            for (int i = 0; i < sum.length; i++) {
                sum[i] += c[i];
            }
        }
        long bad = sum[1] + sum[2];
        System.out.printf("Tests: %d passed, %d failed, %d skipped%n", sum[0] - bad - sum[3], bad, sum[3]);
    }

    /** Tests, failures, errors and skipped of one report's outermost suites (a root or a list of suites). */
    private static long[] counts(Document doc) {
        long[] c = new long[4];
        // The root is one <testsuite>, or a <testsuites> around several: count the outermost suites.
        NodeList suites = doc.getElementsByTagName("testsuite");
        for (int s = 0; s < suites.getLength(); s++) {
            Element suite = (Element) suites.item(s);
            if ("testsuite".equals(suite.getParentNode().getNodeName())) {
                continue;
            }
            c[0] += count(suite, "tests");
            c[1] += count(suite, "failures");
            c[2] += count(suite, "errors");
            c[3] += count(suite, "skipped");
        }
        return c;
    }

    private static List<Path> reports(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("TEST-") && n.endsWith(".xml");
            }).sorted().collect(Collectors.toList());
        }
    }

    /**
     * The framework a report comes from: the tester records the launcher's class path (with the
     * framework jar) among the system properties; else the report's directory (the .bndrun name).
     */
    private static String framework(Document doc, Path relative) {
        NodeList props = doc.getElementsByTagName("property");
        for (int i = 0; i < props.getLength(); i++) {
            Element p = (Element) props.item(i);
            if ("launcher.runpath".equals(p.getAttribute("name"))) {
                String v = p.getAttribute("value");
                if (v.contains("org.eclipse.osgi")) {
                    return "Equinox";
                }
                if (v.contains("org.apache.felix.framework")) {
                    return "Felix";
                }
            }
        }
        return relative.getNameCount() > 1 ? relative.getName(0).toString() : "?";
    }

    private static long count(Element suite, String attribute) {
        String v = suite.getAttribute(attribute);
        return v.isEmpty() ? 0 : Long.parseLong(v.trim());
    }
}
