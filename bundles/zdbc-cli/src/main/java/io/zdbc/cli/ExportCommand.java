package io.zdbc.cli;

import io.zdbc.api.Database;
import io.zdbc.spi.Connector;
import io.zdbc.spi.connector.TransferReport;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "export",
        description =
                "Export a table to a file: header, then rows; floats in shortest round-trip form, strings trimmed.")
final class ExportCommand implements Runnable {
    @Mixin
    TableTarget target;

    @Parameters(index = "2", paramLabel = "<file>")
    Path file;

    @Mixin
    DbOptions options;

    @Mixin
    TransferFlags flags;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Connector c = Connectors.choose(file, flags.format);
        TransferReport r;
        try (Database d = options.open(target.db, true)) {
            r = c.exportTable(
                    d,
                    target.table,
                    file,
                    flags.options()
                            .withProgress(ProgressBar.forTerminal("exporting " + target.table, false, flags.quiet)));
        }
        spec.commandLine().getErr().println("exported " + r.rows() + " rows of " + target.table + " to " + file);
    }
}
