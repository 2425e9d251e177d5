package io.zdbc.cli.osgi;

import io.zdbc.cli.Main;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import org.osgi.service.component.annotations.Component;

/**
 * The CLI's commands as Gogo commands ({@code zdbc:tables db}, or {@code tables db} in
 * {@code zdbc shell}). Each one hands its arguments to the picocli command line, so the shell
 * and {@code ./zdbc} parse, print and fail alike; {@code zdbc} takes a whole command line
 * ({@code zdbc --version}). Output goes to System.out/err, which Gogo points at the session's
 * streams while a command runs. The exit code is not returned (a shell prints results): errors
 * are the CLI's one-line messages on stderr.
 *
 * <p>{@link #FUNCTIONS} must list every subcommand of {@link Main} (a unit test checks it), and
 * each function needs a method of that name here ({@code _import}: Gogo maps Java keywords to
 * {@code _name}).
 */
@Component(
        service = ZdbcCommands.class,
        property = {
            "osgi.command.scope=zdbc",
            "osgi.command.function=tables",
            "osgi.command.function=schema",
            "osgi.command.function=create",
            "osgi.command.function=import",
            "osgi.command.function=export",
            "osgi.command.function=cat",
            "osgi.command.function=sql",
            "osgi.command.function=drop",
            "osgi.command.function=verify",
            "osgi.command.function=backup",
            "osgi.command.function=quickstart",
            "osgi.command.function=help",
            "osgi.command.function=zdbc"
        })
public final class ZdbcCommands {
    /** The functions registered above, in the same order. */
    public static final String[] FUNCTIONS = {
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
        "zdbc"
    };

    public void tables(String... args) {
        run("tables", args);
    }

    public void schema(String... args) {
        run("schema", args);
    }

    public void create(String... args) {
        run("create", args);
    }

    public void _import(String... args) {
        run("import", args);
    }

    public void export(String... args) {
        run("export", args);
    }

    public void cat(String... args) {
        run("cat", args);
    }

    public void sql(String... args) {
        run("sql", args);
    }

    public void drop(String... args) {
        run("drop", args);
    }

    public void verify(String... args) {
        run("verify", args);
    }

    public void backup(String... args) {
        run("backup", args);
    }

    public void quickstart(String... args) {
        run("quickstart", args);
    }

    public void help(String... args) {
        run("help", args);
    }

    /** A whole command line: {@code zdbc --version}, {@code zdbc tables db}. */
    public void zdbc(String... args) {
        run(null, args);
    }

    /** Runs one CLI command line and returns its exit code (0 ok, 1 error, 2 bad usage). */
    public static int run(String command, String[] args) {
        String[] line = args == null ? new String[0] : args;
        if (command != null) {
            String[] withCommand = new String[line.length + 1];
            withCommand[0] = command;
            System.arraycopy(line, 0, withCommand, 1, line.length);
            line = withCommand;
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        // cat's bytes go to the session too (System.out is Gogo's per-thread stream); never closed
        PrintStream session = System.out;
        OutputStream bytes = new OutputStream() {
            @Override
            public void write(int b) {
                session.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                session.write(b, off, len);
            }

            @Override
            public void flush() {
                session.flush();
            }
        };
        try {
            return Main.run(line, out, err, bytes);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
