package io.zdbc.csv;

import io.zdbc.api.Database;
import io.zdbc.csv.impl.CsvConnector;
import io.zdbc.spi.TransferOptions;
import io.zdbc.spi.TransferReport;
import java.io.OutputStream;

/** Writes a table as CSV (header, then rows; LF line ends) to a stream, streaming from zero-copy views. */
public final class CsvOutput {
    private CsvOutput() {
    }

    /** {@code limit < 0} writes every row. The stream is flushed, not closed. */
    public static TransferReport write(Database db, String table, OutputStream out, TransferOptions options, long limit) {
        return new CsvConnector().export(db, table, out, options, limit);
    }
}
