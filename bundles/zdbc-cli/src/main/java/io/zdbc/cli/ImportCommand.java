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
        name = "import",
        description = {
            "Import a file into a table. A new table takes its columns from the header, with types inferred",
            "(i64, else f64, else str); an existing table gets the rows appended, with its own types.",
            "The import is one atomic commit: if it fails, the table is as it was.",
            "Formats: .csv/.tsv, .feather/.arrow, .parquet (or --format); type mapping in docs/CONNECTORS.md."
        })
final class ImportCommand implements Runnable {
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
        long start = System.nanoTime();
        TransferReport r;
        try (Database d = options.openOrCreate(target.db)) {
            r = c.importFile(
                    file,
                    d,
                    target.table,
                    flags.options()
                            .withProgress(
                                    ProgressBar.forTerminal("importing " + file.getFileName(), true, flags.quiet)));
        }
        double ms = (System.nanoTime() - start) / 1e6;
        StringBuilder msg = new StringBuilder("imported " + r.rows() + " rows into " + target.table + " from " + file)
                .append(String.format(" in %.1f ms", ms));
        if (r.trimmed() > 0) {
            msg.append("; ").append(r.trimmed()).append(" str values trimmed to 8 bytes");
        }
        if (r.nulls() > 0) {
            msg.append("; ")
                    .append(r.nulls())
                    .append(" nulls stored as 0 / NaN / empty string (--strict rejects them)");
        }
        if (r.skipped() > 0) {
            msg.append("; ").append(r.skipped()).append(" bad rows skipped");
        }
        spec.commandLine().getErr().println(msg);
    }
}
