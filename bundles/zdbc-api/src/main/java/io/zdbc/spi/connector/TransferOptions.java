package io.zdbc.spi.connector;

import io.zdbc.api.ColumnType;
import io.zdbc.api.Progress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Options shared by connectors. Start from {@link #defaults()} and change what you need:
 *
 * <pre>{@code
 * TransferOptions o = TransferOptions.defaults().withColumns(List.of("id", "price")).withStrict(true);
 * }</pre>
 *
 * @param columns     columns to import or export, in that order; empty for all
 * @param types       per-column type overrides for import
 * @param delimiter   field separator for text formats
 * @param batchRows   rows per batch while streaming
 * @param strict      reject nulls (and, for CSV, empty numeric fields) instead of storing the
 *                    documented null value of the type
 * @param skipBadRows skip malformed rows (CSV) and count them, instead of failing
 * @param compression codec for exports, lower case ({@code none}, {@code zstd}, {@code snappy},
 *                    ...), or empty for the format's default
 * @param progress    told how far the transfer has got
 */
@ProviderType
public record TransferOptions(
        List<String> columns,
        Map<String, ColumnType> types,
        char delimiter,
        int batchRows,
        boolean strict,
        boolean skipBadRows,
        String compression,
        Progress progress) {
    public TransferOptions {
        columns = List.copyOf(columns);
        types = Map.copyOf(types);
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(progress, "progress");
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be at least 1, not " + batchRows);
        }
    }

    public static TransferOptions defaults() {
        return new TransferOptions(List.of(), Map.of(), ',', 65536, false, false, "", Progress.NONE);
    }

    public TransferOptions withColumns(List<String> cols) {
        return new TransferOptions(cols, types, delimiter, batchRows, strict, skipBadRows, compression, progress);
    }

    public TransferOptions withTypes(Map<String, ColumnType> t) {
        return new TransferOptions(columns, t, delimiter, batchRows, strict, skipBadRows, compression, progress);
    }

    public TransferOptions withDelimiter(char d) {
        return new TransferOptions(columns, types, d, batchRows, strict, skipBadRows, compression, progress);
    }

    public TransferOptions withBatchRows(int n) {
        return new TransferOptions(columns, types, delimiter, n, strict, skipBadRows, compression, progress);
    }

    public TransferOptions withStrict(boolean s) {
        return new TransferOptions(columns, types, delimiter, batchRows, s, skipBadRows, compression, progress);
    }

    public TransferOptions withSkipBadRows(boolean s) {
        return new TransferOptions(columns, types, delimiter, batchRows, strict, s, compression, progress);
    }

    public TransferOptions withCompression(String c) {
        return new TransferOptions(columns, types, delimiter, batchRows, strict, skipBadRows, c, progress);
    }

    public TransferOptions withProgress(Progress p) {
        return new TransferOptions(columns, types, delimiter, batchRows, strict, skipBadRows, compression, p);
    }
}
