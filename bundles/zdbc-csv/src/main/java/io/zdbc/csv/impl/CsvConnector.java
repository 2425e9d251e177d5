package io.zdbc.csv.impl;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategy;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.api.ZdbcIOException;
import io.zdbc.api.query.Result;
import io.zdbc.spi.Connector;
import io.zdbc.spi.connector.AppendCheck;
import io.zdbc.spi.connector.ConnectorBase;
import io.zdbc.spi.connector.ExportFile;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * CSV with a header row (RFC 4180: quotes, embedded newlines, CRLF), parsed by FastCSV. An import
 * streams batches into one atomic write (a new or replaced table) or one atomic append (an
 * existing table): a bad row anywhere leaves the table as it was. Exports stream from zero-copy
 * views.
 */
@Component(service = Connector.class, property = Connector.FORMAT_PROPERTY + "=csv")
public final class CsvConnector extends ConnectorBase implements Connector {
    /** Rows read before column types are decided. */
    static final int INFERENCE_ROWS = 10_000;
    /** Rows between progress reports of an export. */
    private static final int PROGRESS_ROWS = 1 << 16;

    public CsvConnector() {
        super("csv", "CSV", "csv", "tsv", "txt");
    }

    @Override
    protected TransferReport importGuarded(Path source, Database db, String table, TransferOptions options) {
        long size = sourceSize(source);
        try (CountingInputStream in = new CountingInputStream(Files.newInputStream(source));
                CsvReader<CsvRecord> reader = CsvReader.builder()
                        .fieldSeparator(options.delimiter())
                        // Field counts are checked here, so the error can name the line.
                        .allowMissingFields(true)
                        .allowExtraFields(true)
                        .ofCsvRecord(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return importRecords(reader.iterator(), db, table, options, in, size);
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

    private TransferReport importRecords(
            Iterator<CsvRecord> it,
            Database db,
            String table,
            TransferOptions options,
            CountingInputStream in,
            long size) {
        if (!it.hasNext()) {
            throw new ZdbcException("empty file: a header row is required");
        }
        List<String> header = it.next().getFields();
        checkHeader(header);
        List<CsvRecord> sample = new ArrayList<>();
        while (sample.size() < INFERENCE_ROWS && it.hasNext()) {
            sample.add(it.next());
        }
        boolean exists = db.exists(table);
        List<ColumnDef> defs =
                exists ? AppendCheck.columnsOf(db.info(table), header) : inferColumns(header, sample, options);
        int[] fieldOf = fieldIndexes(header, defs);
        CsvBatches batches = new CsvBatches(
                new Concat(sample.iterator(), it),
                header.size(),
                defs,
                fieldOf,
                options,
                () -> options.progress().update(in.count(), size),
                in::oddQuotes);
        if (exists) {
            db.append(table, batches);
        } else {
            db.write(table, defs, batches);
        }
        options.progress().update(size, size);
        return batches.report(table);
    }

    private static void checkHeader(List<String> header) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i);
            if (h.isEmpty()) {
                throw new ZdbcException("line 1: header field " + (i + 1) + " is empty; every column needs a name");
            }
            if (!seen.add(h)) {
                throw new ZdbcException("line 1: column '" + h + "' appears twice in the header");
            }
        }
    }

    /** For each imported column, its field index in the file. */
    private static int[] fieldIndexes(List<String> header, List<ColumnDef> defs) {
        int[] idx = new int[defs.size()];
        for (int i = 0; i < defs.size(); i++) {
            idx[i] = header.indexOf(defs.get(i).name());
        }
        return idx;
    }

    /** The columns to import: all, or those of --columns in that order; types inferred unless given. */
    private static List<ColumnDef> inferColumns(List<String> header, List<CsvRecord> sample, TransferOptions options) {
        List<String> names = options.columns().isEmpty() ? header : options.columns();
        for (String n : names) {
            if (!header.contains(n)) {
                throw new ZdbcException("line 1: no column '" + n + "' in the header " + header);
            }
        }
        for (String n : options.types().keySet()) {
            if (!header.contains(n)) {
                throw new ZdbcException(
                        "line 1: a type is given for column '" + n + "', which is not in the header " + header);
            }
        }
        List<ColumnDef> defs = new ArrayList<>();
        for (String name : names) {
            ColumnType forced = options.types().get(name);
            if (forced != null) {
                defs.add(new ColumnDef(name, forced));
                continue;
            }
            int i = header.indexOf(name);
            List<String> values = new ArrayList<>(sample.size());
            for (CsvRecord r : sample) {
                if (r.getFieldCount() == header.size()) {
                    values.add(r.getField(i));
                }
            }
            defs.add(new ColumnDef(name, ValueParser.infer(values)));
        }
        return defs;
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
            w.flush();
            options.progress().update(n, n);
            return new TransferReport(table, n, 0, 0, 0);
        } catch (IOException e) {
            throw new ZdbcIOException("writing CSV of table '" + table + "'", e);
        } catch (UncheckedIOException e) {
            throw new ZdbcIOException("writing CSV of table '" + table + "'", e.getCause());
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

    /** The sampled records, then the rest of the file. */
    private static final class Concat implements Iterator<CsvRecord> {
        private final Iterator<CsvRecord> first;
        private final Iterator<CsvRecord> second;

        Concat(Iterator<CsvRecord> first, Iterator<CsvRecord> second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public boolean hasNext() {
            return first.hasNext() || second.hasNext();
        }

        @Override
        public CsvRecord next() {
            return first.hasNext() ? first.next() : second.next();
        }
    }

    /**
     * Counts the bytes the parser has read, for the progress bar, and the quote characters: in
     * RFC 4180 every quoted field holds an even number of them, so an odd total at the end means a
     * quote was never closed. FastCSV then silently takes the rest of the file as one field.
     */
    private static final class CountingInputStream extends FilterInputStream {
        private volatile long count;
        private long quotes;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        boolean oddQuotes() {
            return (quotes & 1) != 0;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
                quotes += b == '"' ? 1 : 0;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
                for (int i = off; i < off + n; i++) {
                    quotes += b[i] == '"' ? 1 : 0;
                }
            }
            return n;
        }
    }
}
