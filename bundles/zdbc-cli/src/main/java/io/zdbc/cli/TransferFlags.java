package io.zdbc.cli;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.spi.TransferOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options of import and export. */
final class TransferFlags {
    @Option(names = "--format", description = "File format (default: from the file extension).")
    String format;

    @Option(names = "--delimiter", defaultValue = ",", description = "Field separator for CSV (default ',').")
    char delimiter;

    @Option(names = "--columns", split = ",", paramLabel = "a,b", description = "Only these columns, in this order.")
    List<String> columns;

    @Option(names = "--type", split = ",", paramLabel = "col:type", description = "Type overrides for import, e.g. --type zip:str")
    List<String> types;

    TransferOptions options() {
        Map<String, ColumnType> t = new HashMap<>();
        if (types != null) {
            for (String s : types) {
                ColumnDef d = ColumnDef.parse(s);
                t.put(d.name(), d.type());
            }
        }
        return new TransferOptions(columns == null ? List.of() : columns, t, delimiter,
                TransferOptions.defaults().batchRows());
    }
}
