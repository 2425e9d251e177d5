package io.zdbc.csv;

import io.zdbc.api.Database;
import io.zdbc.api.query.Result;
import io.zdbc.csv.impl.CsvConnector;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** Writes a table as CSV (header, then rows; LF line ends) to a stream, streaming from zero-copy views. */
public final class CsvOutput {
    private CsvOutput() {}

    /**
     * Writes a query result: header, then rows; floats in shortest round-trip form, nulls (an
     * aggregate of no rows) as empty fields. The stream is flushed, not closed.
     */
    public static void write(Result result, OutputStream out) {
        write(result, new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }

    /** As {@link #write(io.zdbc.api.query.Result, OutputStream)}, to a character stream. */
    public static void write(Result result, Writer out) {
        CsvConnector.writeResult(result, out, "");
    }

    /**
     * As {@link #write(io.zdbc.api.query.Result, java.io.Writer)}, with nulls written as
     * {@code nullText} (e.g. {@code NULL}); a string value equal to it is quoted.
     */
    public static void write(Result result, Writer out, String nullText) {
        CsvConnector.writeResult(result, out, nullText);
    }

    /** {@code limit < 0} writes every row. The stream is flushed, not closed. */
    public static TransferReport write(
            Database db, String table, OutputStream out, TransferOptions options, long limit) {
        return new CsvConnector().export(db, table, out, options, limit);
    }
}
