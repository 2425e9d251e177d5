package io.zdbc.spi;

import io.zdbc.api.ColumnType;
import java.util.List;
import java.util.Map;

/**
 * Options shared by connectors.
 *
 * @param columns   columns to import or export, in that order; empty for all
 * @param types     per-column type overrides for import
 * @param delimiter field separator for text formats
 * @param batchRows rows per append while streaming an import
 */
public record TransferOptions(List<String> columns, Map<String, ColumnType> types, char delimiter, int batchRows) {
    public TransferOptions {
        columns = List.copyOf(columns);
        types = Map.copyOf(types);
    }

    public static TransferOptions defaults() {
        return new TransferOptions(List.of(), Map.of(), ',', 65536);
    }

    public TransferOptions withColumns(List<String> cols) {
        return new TransferOptions(cols, types, delimiter, batchRows);
    }
}
