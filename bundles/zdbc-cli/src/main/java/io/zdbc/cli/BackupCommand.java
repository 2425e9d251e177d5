package io.zdbc.cli;

import io.zdbc.api.BackupReport;
import io.zdbc.api.Database;
import io.zdbc.api.ZdbcException;
import io.zdbc.api.ZdbcIOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "backup",
        description = {
            "Copy the database, as one committed state of every table, into the new directory <dest>, while other "
                    + "programs keep writing: they wait only while the committed state is read (the files are opened), "
                    + "not during the copy. The backup is <dest>/<db file name> with its data directory beside it.",
            "<dest> must not exist (its parent must) or be an empty directory. Nothing is written outside it. The "
                    + "registry is written last and the backup verified (as 'zdbc verify'); if anything fails, what was "
                    + "written is deleted and the exit code is 1.",
            "Column data is copied, never hard-linked to the database's files: zdbc appends to those files in place and "
                    + "cuts them back after a crash, so a linked backup would change whenever the database does, and the "
                    + "reverse. Inside the backup each <table>.<column> is a hard link of its own copy, so the data takes "
                    + "its size once.",
            "Restore: stop the writers, move <db> and <db>dir aside, and copy the backup's two entries back with "
                    + "'cp -a' (which keeps hard links); or open the backup where it is."
        })
final class BackupCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<db>")
    Path db;

    @Parameters(index = "1", paramLabel = "<dest>")
    Path dest;

    @Option(
            names = "--read-only",
            description =
                    "Open <db> read-only (e.g. on a read-only file system): no lock is "
                            + "taken; the state is read between two readings of the change counter, retried while writers commit.")
    boolean readOnly;

    @Option(
            names = {"-q", "--quiet"},
            description = "No progress bar.")
    boolean quiet;

    @Mixin
    DbOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BackupReport r;
        try (Database d = open()) {
            r = d.backup(dest, ProgressBar.forTerminal("backing up " + db, true, quiet));
        }
        PrintWriter out = spec.commandLine().getOut();
        for (String n : r.verify().notes()) {
            out.println("note: " + n);
        }
        out.println("backed up " + r.tables() + " tables (" + r.bytes() + " bytes of column data) to " + r.registry()
                + "; verified, 0 problems");
        return 0;
    }

    /** Opens {@code db}; a database this user cannot write gets a hint at {@code --read-only}. */
    private Database open() {
        try {
            return options.open(db, readOnly);
        } catch (ZdbcIOException e) {
            if (!readOnly
                    && (e.getCause() instanceof AccessDeniedException
                            || String.valueOf(e.getCause().getMessage()).contains("Read-only file system"))) {
                throw new ZdbcException(
                        e.getMessage() + " (to back up a database you cannot write, add --read-only)", e);
            }
            throw e;
        }
    }
}
