package io.zdbc.csv.impl;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategy;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.api.ZdbcIOException;
import io.zdbc.api.query.Result;
import io.zdbc.spi.Connector;
import io.zdbc.spi.connector.ConnectorBase;
import io.zdbc.spi.connector.ExportFile;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * CSV with a header row (RFC 4180: quotes, embedded newlines, CRLF). An import streams batches
 * into one atomic write (a new or replaced table) or one atomic append (an existing table): a bad
 * row anywhere leaves the table as it was. With a one-byte separator, chunks of the file are
 * parsed on several threads ({@link ChunkedCsvImport}) and rows are encoded on several threads
 * ({@link ChunkedCsvExport}); other separators go through FastCSV's reader and writer.
 */
@Component(service = Connector.class, property = Connector.FORMAT_PROPERTY + "=csv")
public final class CsvConnector extends ConnectorBase implements Connector {
    /** Rows between progress reports of an export. */
    private static final int PROGRESS_ROWS = 1 << 16;

    /** Bytes read and parsed as one piece by an import. */
    static final int CHUNK_BYTES = 4 << 20;

    private final int threads;
    private final int chunkBytes;

    public CsvConnector() {
        this(Runtime.getRuntime().availableProcessors(), CHUNK_BYTES);
    }

    /** With {@code threads} parsing or encoding threads (1: all on the caller's) and chunks of about {@code chunkBytes}. */
    CsvConnector(int threads, int chunkBytes) {
        super("csv", "CSV", "csv", "tsv", "txt");
        this.threads = threads;
        this.chunkBytes = chunkBytes;
    }

    @Override
    protected TransferReport importGuarded(Path source, Database db, String table, TransferOptions options) {
        long size = sourceSize(source);
        try {
            return ChunkedCsvImport.handles(options.delimiter())
                    ? new ChunkedCsvImport(threads, chunkBytes).run(source, db, table, options, size)
                    : FastCsvImport.run(source, db, table, options, size);
        } catch (IOException e) {
            throw new ZdbcIOException("reading CSV " + source, e);
        } catch (UncheckedIOException e) {
            throw new ZdbcIOException("reading CSV " + source, e.getCause());
        } catch (ZdbcException e) {
            throw new ZdbcException(source + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // FastCSV reports malformed input (e.g. an unclosed quote) as unchecked exceptions.
            throw new ZdbcException(source + ": malformed CSV: " + e.getMessage(), e);
        }
    }

    @Override
    protected TransferReport exportGuarded(Database db, String table, Path target, TransferOptions options) {
        try {
            return ExportFile.write(target, tmp -> {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                    return export(db, table, out, options, -1);
                }
            });
        } catch (IOException e) {
            throw new ZdbcIOException("writing CSV " + target, e);
        }
    }

    /** Writes the table as CSV to {@code out}: header, then rows; {@code limit < 0} for all rows. */
    public TransferReport export(Database db, String table, OutputStream out, TransferOptions options, long limit) {
        try (TableSnapshot snap = options.columns().isEmpty() ? db.read(table) : db.read(table, options.columns())) {
            CsvWriter w = CsvWriter.builder()
                    .fieldSeparator(options.delimiter())
                    .lineDelimiter(LineDelimiter.LF)
                    .build(out, StandardCharsets.UTF_8);
            List<ColumnView> cols = snap.columns();
            String[] record = new String[cols.size()];
            for (int i = 0; i < record.length; i++) {
                record[i] = cols.get(i).name();
            }
            w.writeRecord(record);
            long n = limit < 0 ? snap.rows() : Math.min(limit, snap.rows());
            if (ChunkedCsvImport.handles(options.delimiter())) {
                w.flush();
                new ChunkedCsvExport(threads).write(cols, n, out, options);
            } else {
                writeRows(w, cols, record, n, options);
            }
            w.flush();
            options.progress().update(n, n);
            return new TransferReport(table, n, 0, 0, 0);
        } catch (IOException e) {
            throw new ZdbcIOException("writing CSV of table '" + table + "'", e);
        } catch (UncheckedIOException e) {
            throw new ZdbcIOException("writing CSV of table '" + table + "'", e.getCause());
        }
    }

    /** Rows through FastCSV's writer, for a separator that is not one ASCII byte. */
    private static void writeRows(CsvWriter w, List<ColumnView> cols, String[] record, long n, TransferOptions options)
            throws IOException {
        for (long row = 0; row < n; row++) {
            for (int i = 0; i < record.length; i++) {
                ColumnView c = cols.get(i);
                switch (c.type()) {
                    case I64:
                        record[i] = Long.toString(c.getLong(row));
                        break;
                    case F64:
                        record[i] = Floats.shortest(c.getDouble(row));
                        break;
                    default:
                        record[i] = c.getString(row);
                }
            }
            w.writeRecord(record);
            if ((row + 1) % PROGRESS_ROWS == 0) {
                options.progress().update(row + 1, n);
            }
        }
    }

    /** See {@link io.zdbc.csv.CsvOutput#write(io.zdbc.api.query.Result, java.io.Writer, String)}. */
    public static void writeResult(Result r, Writer out, String nullText) {
        try {
            boolean[] isNull = new boolean[r.width()];
            // A text equal to the null marker is quoted, so that "NULL" the string and NULL the value differ.
            QuoteStrategy quote = new QuoteStrategy() {
                @Override
                public boolean quoteValue(int line, int field, String value) {
                    return !nullText.isEmpty() && !isNull[field] && value.equals(nullText);
                }
            };
            CsvWriter w = CsvWriter.builder()
                    .lineDelimiter(LineDelimiter.LF)
                    .quoteStrategy(quote)
                    .build(out);
            w.writeRecord(r.names());
            String[] record = new String[r.width()];
            for (int row = 0; row < r.rows(); row++) {
                for (int c = 0; c < record.length; c++) {
                    Object v = r.get(row, c);
                    isNull[c] = v == null;
                    record[c] = v == null ? nullText : v instanceof Double ? Floats.shortest((Double) v) : v.toString();
                }
                w.writeRecord(record);
            }
            w.flush();
        } catch (IOException e) {
            throw new ZdbcIOException("writing CSV", e);
        } catch (UncheckedIOException e) {
            throw new ZdbcIOException("writing CSV", e.getCause());
        }
    }
}
