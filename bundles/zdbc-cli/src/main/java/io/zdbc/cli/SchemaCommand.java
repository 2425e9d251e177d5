package io.zdbc.cli;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.Database;
import io.zdbc.api.TableInfo;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "schema", description = "Show a table's columns, types and row count.")
final class SchemaCommand implements Runnable {
    @Mixin
    TableTarget target;

    @Mixin
    DbOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        try (Database d = options.open(target.db, true)) {
            TableInfo info = d.info(target.table);
            PrintWriter out = spec.commandLine().getOut();
            out.println("table " + info.name() + ": " + info.rows() + " rows, "
                    + info.columns().size() + " columns, version " + info.version());
            int w = 4;
            for (ColumnDef c : info.columns()) {
                w = Math.max(w, c.name().length());
            }
            for (ColumnDef c : info.columns()) {
                out.printf("  %-" + w + "s  %s%n", c.name(), c.type().label());
            }
        }
    }
}
