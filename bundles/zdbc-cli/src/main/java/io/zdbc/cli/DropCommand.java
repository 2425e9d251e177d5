package io.zdbc.cli;

import io.zdbc.api.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "drop", description = "Remove a table and its files.")
final class DropCommand implements Runnable {
    @Mixin
    TableTarget target;

    @Mixin
    DbOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        try (Database d = options.open(target.db, false)) {
            d.drop(target.table);
        }
        spec.commandLine().getOut().println("dropped table " + target.table);
    }
}
