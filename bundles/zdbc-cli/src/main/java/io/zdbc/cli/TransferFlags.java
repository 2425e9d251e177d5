package io.zdbc.cli;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.spi.connector.TransferOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options of import and export. */
final class TransferFlags {
    @Option(
            names = "--format",
            description = "File format: csv, feather, parquet, ... (default: from the file extension).")
    String format;

    @Option(names = "--delimiter", defaultValue = ",", description = "Field separator for CSV (default ',').")
    char delimiter;

    @Option(
            names = "--columns",
            split = ",",
            paramLabel = "a,b",
            description = "Only these columns, in this order (e.g. to skip columns of unsupported types).")
    List<String> columns;

    @Option(
            names = "--type",
            split = ",",
            paramLabel = "col:type",
            description = "Type overrides for import, e.g. --type zip:str")
    List<String> types;

    @Option(
            names = "--strict",
            description = "Reject nulls (and empty numeric CSV fields) instead of storing 0 / NaN / empty string.")
    boolean strict;

    @Option(
            names = "--skip-bad-rows",
            description = "Skip malformed CSV rows (wrong field count, unparsable number) and count them.")
    boolean skipBadRows;

    @Option(
            names = "--compression",
            paramLabel = "codec",
            description = "Export codec: none, zstd (Feather, Parquet), snappy (Parquet). Default: the format's.")
    String compression;

    @Option(
            names = "--batch-rows",
            paramLabel = "n",
            defaultValue = "65536",
            description = "Rows per batch while streaming (default 65536).")
    int batchRows;

    @Option(
            names = {"-q", "--quiet"},
            description = "No progress bar.")
    boolean quiet;

    TransferOptions options() {
        Map<String, ColumnType> t = new HashMap<>();
        if (types != null) {
            for (String s : types) {
                ColumnDef d = ColumnDef.parse(s);
                t.put(d.name(), d.type());
            }
        }
        if (batchRows < 1) {
            throw new IllegalArgumentException("--batch-rows must be at least 1");
        }
        return TransferOptions.defaults()
                .withColumns(columns == null ? List.of() : columns)
                .withTypes(t)
                .withDelimiter(delimiter)
                .withBatchRows(batchRows)
                .withStrict(strict)
                .withSkipBadRows(skipBadRows)
                .withCompression(compression == null ? "" : compression.toLowerCase(Locale.ROOT));
    }
}
