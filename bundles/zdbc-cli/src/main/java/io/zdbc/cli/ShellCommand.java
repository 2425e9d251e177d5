package io.zdbc.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code zdbc shell}: listed here for the usage text; the OSGi launcher (features/zdbc-cli.jar,
 * what ./zdbc runs) handles it before picocli sees it and opens the Gogo shell. On plain Java
 * there is no shell.
 */
@Command(
        name = "shell",
        description = {
            "Open the interactive Gogo shell with the zdbc commands (tables <db>, sql <db> \"<query>\"...);",
            "with <script> or piped input, run its lines and exit. exit or Ctrl-D leaves."
        })
final class ShellCommand implements Runnable {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<script>", description = "Commands to run, one per line.")
    Path script;

    @Override
    public void run() {
        throw new IllegalStateException("the shell runs in the OSGi framework: ./zdbc shell "
                + "(java -jar features/target/zdbc-cli.jar shell), not on the plain class path");
    }
}
