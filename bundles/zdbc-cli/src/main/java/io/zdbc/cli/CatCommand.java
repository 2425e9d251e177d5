package io.zdbc.cli;

import io.zdbc.api.Database;
import io.zdbc.csv.CsvOutput;
import io.zdbc.spi.connector.TransferOptions;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "cat", description = "Print a table as CSV on stdout (header, then rows).")
final class CatCommand implements Runnable {
    @Mixin
    TableTarget target;

    @Option(names = "--columns", split = ",", paramLabel = "a,b", description = "Only these columns, in this order.")
    List<String> columns;

    @Option(names = "--limit", paramLabel = "n", description = "At most n rows.")
    Long limit;

    @Mixin
    DbOptions options;

    @Override
    public void run() {
        if (limit != null && limit < 0) {
            throw new IllegalArgumentException("--limit must be 0 or more, not " + limit);
        }
        TransferOptions o = TransferOptions.defaults().withColumns(columns == null ? List.of() : columns);
        try (Database d = options.open(target.db, true)) {
            OutputStream out = Main.bytesOut();
            CsvOutput.write(d, target.table, new BufferedOutputStream(out, 1 << 16), o, limit == null ? -1 : limit);
        }
    }
}
