package io.zdbc.cli.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Gogo commands cover the CLI's exactly and behave like it (plain Java: no framework needed). */
class ZdbcCommandsTest {
    @TempDir
    Path dir;

    /** Every picocli subcommand but `shell` (the shell cannot open itself), plus `zdbc` (a whole command line). */
    @Test
    void functionsAreTheCliCommands() {
        Set<String> cli = new TreeSet<>(
                Main.commandLine(new Main(), new String[0]).getSubcommands().keySet());
        cli.remove("shell");
        cli.add("zdbc");
        assertEquals(cli, new TreeSet<>(Arrays.asList(ZdbcCommands.FUNCTIONS)));
    }

    /** Gogo calls the public method named after the function; Java keywords get a leading underscore. */
    @Test
    void everyFunctionHasAMethod() {
        for (String f : ZdbcCommands.FUNCTIONS) {
            String name = f.equals("import") ? "_import" : f;
            Method m = Arrays.stream(ZdbcCommands.class.getMethods())
                    .filter(x -> x.getName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no method for " + f));
            assertFalse(Modifier.isStatic(m.getModifiers()), name);
            assertEquals(List.of(String[].class), List.of(m.getParameterTypes()), name);
        }
    }

    /** The DS description bnd generated registers exactly FUNCTIONS under osgi.command.scope=zdbc. */
    @Test
    void componentPropertiesListTheFunctions() throws Exception {
        Path xml = Path.of("target/classes/OSGI-INF/io.zdbc.cli.osgi.ZdbcCommands.xml");
        String text = Files.readString(xml);
        assertTrue(text.contains("name=\"osgi.command.scope\"") && text.contains("value=\"zdbc\""), text);
        Matcher m =
                Pattern.compile("name=\"osgi.command.function\"[^>]*>([^<]*)<").matcher(text);
        assertTrue(m.find(), text);
        List<String> registered = new ArrayList<>();
        for (String line : m.group(1).split("\\R")) {
            if (!line.isBlank()) {
                registered.add(line.trim());
            }
        }
        assertEquals(Arrays.asList(ZdbcCommands.FUNCTIONS), registered);
    }

    @Test
    void commandsPrintWhatTheCliPrints() {
        String db = dir.resolve("db").toString();
        assertEquals(0, ZdbcCommands.run("create", new String[] {db, "t", "id:i64"}));
        String viaCommand = capture(() -> new ZdbcCommands().tables(db));
        String viaWholeLine = capture(() -> new ZdbcCommands().zdbc("tables", db));
        assertEquals("t\n", viaCommand.replace("\r", ""));
        assertEquals(viaCommand, viaWholeLine);
        assertEquals(
                1, ZdbcCommands.run("tables", new String[] {dir.resolve("nope").toString()}));
        assertEquals(2, ZdbcCommands.run("tables", new String[0]));
    }

    @Test
    void shellOnPlainJavaIsAClearError() {
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"shell"}, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertEquals(1, code);
        assertTrue(err.toString().contains("./zdbc shell"), err.toString());
    }

    @Test
    void openConstructsContinueOnTheNextLine() {
        assertFalse(ShellConsole.open("tables db"));
        assertFalse(ShellConsole.open("sql db \"SELECT * FROM t\""));
        assertTrue(ShellConsole.open("each [1 2] {"));
        assertTrue(ShellConsole.open("sql db \"SELECT *"));
        assertFalse(ShellConsole.open("each [1 2] {\n echo $it\n}"));
        assertFalse(ShellConsole.open("echo \\{"));
    }

    private static String capture(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
