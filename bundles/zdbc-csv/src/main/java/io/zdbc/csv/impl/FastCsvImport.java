package io.zdbc.csv.impl;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.Database;
import io.zdbc.api.ZdbcException;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The sequential import through FastCSV's reader, for separators that are not one ASCII byte
 * (the parallel reader splits bytes; FastCSV reads characters).
 */
final class FastCsvImport {
    private FastCsvImport() {}

    static TransferReport run(Path source, Database db, String table, TransferOptions options, long size)
            throws IOException {
        try (CountingInputStream in = new CountingInputStream(Files.newInputStream(source));
                CsvReader<CsvRecord> reader = CsvReader.builder()
                        .fieldSeparator(options.delimiter())
                        // Field counts are checked here, so the error can name the line.
                        .allowMissingFields(true)
                        .allowExtraFields(true)
                        .ofCsvRecord(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            Iterator<CsvRecord> it = reader.iterator();
            if (!it.hasNext()) {
                throw new ZdbcException("empty file: a header row is required");
            }
            List<String> header = it.next().getFields();
            List<CsvRecord> sample = new ArrayList<>();
            while (sample.size() < CsvColumns.INFERENCE_ROWS && it.hasNext()) {
                sample.add(it.next());
            }
            boolean exists = db.exists(table);
            List<ColumnDef> defs = CsvColumns.of(db, table, header, sample, options);
            CsvBatches batches = new CsvBatches(
                    new Concat(sample.iterator(), it),
                    header.size(),
                    defs,
                    CsvColumns.fieldIndexes(header, defs),
                    options,
                    () -> options.progress().update(in.count(), size),
                    in::oddQuotes);
            CsvColumns.store(db, table, exists, defs, batches);
            options.progress().update(size, size);
            return batches.report(table);
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
