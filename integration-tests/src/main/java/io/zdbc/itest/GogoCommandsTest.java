package io.zdbc.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The CLI as Gogo commands (bundle io.zdbc.cli): registered under scope zdbc, one function per
 * CLI command, and they print what ./zdbc prints, with services from the registry.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class GogoCommandsTest {
    /** What ./zdbc has (picocli subcommands but `shell`) plus `zdbc`, a whole command line. */
    static final List<String> FUNCTIONS = List.of(
            "tables",
            "schema",
            "create",
            "import",
            "export",
            "cat",
            "sql",
            "drop",
            "verify",
            "backup",
            "quickstart",
            "help",
            "zdbc");

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = Timeouts.SERVICE_MS)
    CommandProcessor processor;

    @TempDir
    Path dir;

    String out;
    String err;

    /** Runs one line in a new session and keeps what it printed. */
    Object gogo(String line) throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
                PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), po, pe);
            try {
                return session.execute(line);
            } finally {
                session.close();
                out = o.toString(StandardCharsets.UTF_8).replace("\r", "");
                err = e.toString(StandardCharsets.UTF_8).replace("\r", "");
            }
        }
    }

    @Test
    void everyCliCommandIsAGogoFunctionInScopeZdbc() throws Exception {
        ServiceReference<?> ref = await().atMost(Duration.ofMillis(Timeouts.SERVICE_MS))
                .until(
                        () -> first(context.getServiceReferences((String) null, "(osgi.command.scope=zdbc)")),
                        r -> r != null);
        assertEquals("io.zdbc.cli", ref.getBundle().getSymbolicName());
        assertEquals(FUNCTIONS, Arrays.asList((String[]) ref.getProperty("osgi.command.function")));
    }

    private static ServiceReference<?> first(ServiceReference<?>[] refs) {
        return refs == null ? null : refs[0];
    }

    @Test
    void createImportTablesSqlPrintWhatTheCliPrints() throws Exception {
        String db = dir.resolve("db").toString();
        assertNull(gogo("zdbc:create " + db + " data/players id:i64 name:str score:f64"));
        assertEquals("", err);
        gogo("zdbc:tables " + db);
        assertEquals("data/players\n", out);
        String viaCommand = out;
        gogo("zdbc:zdbc tables " + db);
        assertEquals(viaCommand, out, "zdbc:tables db and zdbc:zdbc tables db");

        Path csv = dir.resolve("people.csv");
        Files.writeString(csv, "id,name,score\n1,alice,9.5\n2,bob,7.25\n", StandardCharsets.UTF_8);
        gogo("zdbc:import " + db + " people " + csv);
        assertTrue(err.startsWith("imported 2 rows into people from " + csv + " in "), err);
        gogo("zdbc:tables " + db);
        assertEquals("data/players\npeople\n", out);
        gogo("zdbc:schema " + db + " people");
        assertTrue(out.matches("(?s)table people: 2 rows, 3 columns.*id\\s+i64.*name\\s+str.*score\\s+f64.*"), out);
        gogo("zdbc:sql " + db + " 'SELECT count(*), sum(score) FROM people'");
        assertEquals("count(*),sum(score)\n2,16.75\n", out);
        gogo("zdbc:cat " + db + " people");
        assertEquals("id,name,score\n1,alice,9.5\n2,bob,7.25\n", out);
    }

    @Test
    void errorsAreTheCliOneLineMessages() throws Exception {
        Path missing = dir.resolve("missing");
        assertNull(gogo("zdbc:tables " + missing));
        assertEquals("", out);
        assertEquals("zdbc: no database at " + missing + " (registry file not found)\n", err);
        gogo("zdbc:import " + dir.resolve("db") + " t " + dir.resolve("x.unknown"));
        assertTrue(err.startsWith("zdbc: no connector for '.unknown' files (available: "), err);
        assertTrue(err.contains("csv"), err);
    }

    @Test
    void unscopedNamesReachZdbcFirstWithScopeZdbc() throws Exception {
        String db = dir.resolve("db").toString();
        gogo("zdbc:create " + db + " t id:i64");
        gogo("SCOPE = 'zdbc:*'; tables " + db);
        assertEquals("t\n", out);
        assertNotNull(gogo("SCOPE = 'zdbc:*'; help tables") == null ? "" : null);
        assertTrue(out.startsWith("Usage: zdbc tables"), out);
    }
}
