package io.zdbc.cli;

import io.zdbc.api.ZdbcException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zdbc}: the command line. Errors are one line on stderr (stack traces with --debug). */
@Command(
        name = "zdbc",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Main.Version.class,
        description = "zdbc: a column-oriented embedded database. <db> is the registry file's path; "
                + "tables live in <db>dir/ next to it.")
public final class Main implements Runnable {
    /** The subcommands in the order the usage lists them ({@link #commandLine} adds them). */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            TablesCommand.class,
            SchemaCommand.class,
            CreateCommand.class,
            ImportCommand.class,
            ExportCommand.class,
            CatCommand.class,
            SqlCommand.class,
            DropCommand.class,
            VerifyCommand.class,
            BackupCommand.class,
            QuickstartCommand.class,
            ShellCommand.class,
            CommandLine.HelpCommand.class);

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces on errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    private static final ThreadLocal<OutputStream> BYTES_OUT = new ThreadLocal<>();

    /**
     * Runs the CLI with {@code bytesOut} receiving the bulk bytes that {@code cat} otherwise writes
     * straight to the process's stdout (a Gogo session's output: the shell can pipe or capture it).
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, OutputStream bytesOut) {
        BYTES_OUT.set(bytesOut);
        try {
            return run(args, out, err);
        } finally {
            BYTES_OUT.remove();
        }
    }

    /** Where {@code cat} writes its bytes: the process's stdout unless {@link #run(String[], PrintWriter, PrintWriter, OutputStream)} says otherwise. */
    static OutputStream bytesOut() {
        OutputStream o = BYTES_OUT.get();
        return o != null ? o : new FileOutputStream(FileDescriptor.out);
    }

    /** Runs the CLI and returns the exit code: 0 ok, 1 error, 2 bad usage. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine cl = commandLine(main, args);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean debug = parseResult.hasMatchedOption("--debug")
                    || main.debug
                    || parseResult.subcommand() != null
                            && parseResult.subcommand().hasMatchedOption("--debug");
            if (debug) {
                ex.printStackTrace(err);
            }
            err.println("zdbc: " + message(ex));
            err.flush();
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl.execute(args);
    }

    /**
     * The command line for {@code args}: when the first argument names a subcommand, only that one
     * is added, because picocli builds the model of every subcommand it is given and a one-shot
     * command would pay for all of them; otherwise (usage, {@code help}, an unknown name) all are.
     */
    public static CommandLine commandLine(Main main, String[] args) {
        CommandLine cl = new CommandLine(main);
        String first = args.length > 0 ? args[0] : "";
        for (Class<?> c : SUBCOMMANDS) {
            if (c != CommandLine.HelpCommand.class
                    && c.getAnnotation(Command.class).name().equals(first)) {
                return cl.addSubcommand(c);
            }
        }
        for (Class<?> c : SUBCOMMANDS) {
            cl.addSubcommand(c);
        }
        return cl;
    }

    static String message(Throwable ex) {
        if (ex instanceof ZdbcException || ex instanceof IllegalArgumentException) {
            return ex.getMessage();
        }
        String m = ex.getMessage();
        return ex.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"zdbc " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
