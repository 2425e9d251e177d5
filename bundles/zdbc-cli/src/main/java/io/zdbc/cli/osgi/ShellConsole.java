package io.zdbc.cli.osgi;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * {@code zdbc shell [script]}: a Gogo session on the launcher's main thread. Reads commands from
 * the script or stdin, one line at a time (a line with an open brace, bracket or quote continues
 * on the next), runs each with Gogo and prints its result as gosh does. The zdbc commands come
 * first ({@code SCOPE = zdbc:*}), so {@code tables db} is {@code zdbc:tables db} and {@code help}
 * is zdbc's; Gogo's own are there too ({@code felix:help}, {@code lb}, {@code echo}...).
 * Ends at {@code exit}, {@code quit} or end of input. On a terminal it prints a prompt; from a
 * pipe or a script it prints only what the commands print, so scripts' output can be compared.
 */
final class ShellConsole {
    static final String PROMPT = "zdbc> ";

    private ShellConsole() {}

    static int run(BundleContext context, String[] args, PrintWriter err) {
        if (args.length > 1) {
            err.println("zdbc: usage: zdbc shell [<script>]");
            return 2;
        }
        CommandProcessor processor = processor(context, err);
        if (processor == null) {
            return 1;
        }
        boolean interactive = args.length == 0 && System.console() != null;
        Reader in;
        try {
            in = args.length == 1
                    ? Files.newBufferedReader(Path.of(args[0]))
                    : new InputStreamReader(new FileInputStream(FileDescriptor.in), Charset.defaultCharset());
        } catch (IOException e) {
            err.println("zdbc: cannot read the script " + args[0] + ": " + e);
            return 1;
        }
        // The process's own streams: Gogo has replaced System.out/err by streams that write to the
        // session of the current thread, so a session on them would write to itself.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        PrintStream errStream = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        try (CommandSession session = processor.createSession(new FileInputStream(FileDescriptor.in), out, errStream);
                BufferedReader lines = new BufferedReader(in)) {
            session.put("SCOPE", "zdbc:*");
            session.put("prompt", PROMPT);
            if (interactive) {
                out.println("zdbc shell on Apache Felix Gogo: zdbc commands (help lists them: tables <db>, "
                        + "sql <db> \"<query>\"...), Gogo's (felix:help, lb). exit or Ctrl-D leaves.");
            }
            return loop(session, lines, out, interactive);
        } catch (IOException e) {
            err.println("zdbc: shell: " + e);
            return 1;
        }
    }

    private static int loop(CommandSession session, BufferedReader lines, PrintStream out, boolean interactive)
            throws IOException {
        StringBuilder pending = new StringBuilder();
        int status = 0;
        while (true) {
            if (interactive) {
                out.print(pending.length() == 0 ? PROMPT : "> ");
                out.flush();
            }
            String line = lines.readLine();
            if (line == null) {
                if (pending.length() > 0) {
                    status = execute(session, pending, out);
                }
                return status;
            }
            if (pending.length() == 0) {
                String t = line.trim();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                if (t.equals("exit") || t.equals("quit")) {
                    return status;
                }
            } else {
                pending.append('\n');
            }
            pending.append(line);
            if (open(pending)) {
                continue;
            }
            status = execute(session, pending, out);
            pending.setLength(0);
        }
    }

    private static int execute(CommandSession session, CharSequence program, PrintStream out) {
        try {
            Object result = session.execute(program);
            session.put("_", result);
            if (result != null) {
                out.println(session.format(result, Converter.INSPECT));
            }
            return 0;
        } catch (Exception e) {
            Throwable t = e;
            while (t instanceof InvocationTargetException && t.getCause() != null) {
                t = t.getCause(); // a command's own exception, as gosh shows it
            }
            session.put("exception", t);
            PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
            err.println("gogo: " + t.getClass().getSimpleName() + ": " + t.getMessage());
            if (Boolean.getBoolean("zdbc.debug")) {
                t.printStackTrace(err);
            }
            return 1;
        } finally {
            out.flush();
        }
    }

    /** True while braces, brackets or parentheses are open or a quote is unclosed. */
    static boolean open(CharSequence s) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\\') {
                i++;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '{' || c == '(' || c == '[') {
                depth++;
            } else if (c == '}' || c == ')' || c == ']') {
                depth--;
            }
        }
        return depth > 0 || quote != 0;
    }

    private static CommandProcessor processor(BundleContext context, PrintWriter err) {
        ServiceTracker<CommandProcessor, CommandProcessor> t =
                new ServiceTracker<>(context, CommandProcessor.class, null);
        t.open();
        try {
            long timeout = OsgiServices.timeout(context);
            CommandProcessor p = t.waitForService(timeout);
            if (p == null) {
                err.println("zdbc: no Gogo command processor (" + CommandProcessor.class.getName()
                        + ") registered within " + timeout + " ms: is org.apache.felix.gogo.runtime active?");
            }
            return p;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        // the tracker stays open while the session uses the processor; the framework stops after
    }
}
