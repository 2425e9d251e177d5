package io.zdbc.cli;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.Database;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "create", description = "Create an empty table (and the database if it does not exist).")
final class CreateCommand implements Runnable {
    @Mixin
    TableTarget target;

    @Parameters(
            index = "2..*",
            arity = "1..*",
            paramLabel = "<col>:<i64|f64|str>",
            description = "Columns, e.g. id:i64 name:str score:f64")
    List<String> columns;

    @Mixin
    DbOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        List<ColumnDef> defs = new ArrayList<>();
        for (String c : columns) {
            defs.add(ColumnDef.parse(c));
        }
        try (Database d = options.openOrCreate(target.db)) {
            d.create(target.table, defs);
        }
        spec.commandLine().getOut().println("created table " + target.table + " " + defs);
    }
}
