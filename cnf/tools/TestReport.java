import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Prints the totals of the JUnit XML reports that bnd-testing-maven-plugin writes (it prints
 * nothing on success) and exits non-zero on failures, errors, or when no test ran at all.
 * Run with the JDK's source launcher, so the build needs nothing beyond Maven Central:
 *
 * <pre>java cnf/tools/TestReport.java REPORTS_DIR [SKIP_TESTS [MAVEN_TEST_SKIP]]</pre>
 */
public final class TestReport {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java TestReport.java REPORTS_DIR [SKIP_TESTS [MAVEN_TEST_SKIP]]");
            System.exit(2);
        }
        for (int i = 1; i < args.length; i++) {
            if (Boolean.parseBoolean(args[i].trim())) {
                System.out.println("In-framework tests: skipped");
                return;
            }
        }
        Path dir = Path.of(args[0]);
        List<Path> reports = reports(dir);
        long tests = 0, failures = 0, errors = 0, skipped = 0;
        List<String> failed = new ArrayList<>();
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        for (Path report : reports) {
            Document doc = dbf.newDocumentBuilder().parse(report.toFile());
            // The root is one <testsuite>, or a <testsuites> around several: count the outermost suites.
            NodeList suites = doc.getElementsByTagName("testsuite");
            for (int s = 0; s < suites.getLength(); s++) {
                Element suite = (Element) suites.item(s);
                if ("testsuite".equals(suite.getParentNode().getNodeName())) {
                    continue;
                }
                tests += count(suite, "tests");
                failures += count(suite, "failures");
                errors += count(suite, "errors");
                skipped += count(suite, "skipped");
            }
            NodeList cases = doc.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                if (c.getElementsByTagName("failure").getLength() > 0 || c.getElementsByTagName("error").getLength() > 0) {
                    failed.add(c.getAttribute("classname") + "." + c.getAttribute("name"));
                }
            }
        }
        long bad = failures + errors;
        long passed = tests - bad - skipped;
        System.out.printf("In-framework tests: %d passed, %d failed, %d skipped (%d run, %d report files in %s)%n",
                passed, bad, skipped, tests, reports.size(), dir);
        failed.forEach(f -> System.out.println("  FAILED " + f));
        if (bad > 0) {
            System.out.println("  details: " + dir + "/**/TEST-*.xml");
            System.exit(1);
        }
        if (tests == 0) {
            System.out.println("  no test ran: the tester found no Test-Cases, or the framework did not start");
            System.exit(1);
        }
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

    private static long count(Element suite, String attribute) {
        String v = suite.getAttribute(attribute);
        return v.isEmpty() ? 0 : Long.parseLong(v.trim());
    }
}
