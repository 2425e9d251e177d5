package io.zdbc.cli;

import io.zdbc.api.Database;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "tables", description = "List the tables of a database, one per line.")
final class TablesCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "<db>", description = "Registry file of the database.")
    Path db;

    @Mixin
    DbOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        try (Database d = options.open(db, true)) {
            for (String t : d.tables()) {
                spec.commandLine().getOut().println(t);
            }
        }
    }
}
