package io.zdbc.csv.impl;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.Database;
import io.zdbc.api.ZdbcException;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The import for a one-byte ASCII separator: the file is read in record-aligned chunks that
 * worker threads parse into column arrays while the writer appends the previous ones. The header
 * and the type-inference sample come from the first chunk, read by FastCSV as before.
 */
final class ChunkedCsvImport {
    private final int threads;
    private final int chunkBytes;

    ChunkedCsvImport(int threads, int chunkBytes) {
        this.threads = threads;
        this.chunkBytes = chunkBytes;
    }

    /** Whether {@code delimiter} can be found byte by byte in UTF-8 text. */
    static boolean handles(char delimiter) {
        return delimiter < 0x80 && delimiter != '"' && delimiter != '\r' && delimiter != '\n';
    }

    TransferReport run(Path source, Database db, String table, TransferOptions options, long size) throws IOException {
        byte delimiter = (byte) options.delimiter();
        try (FileChannel ch = FileChannel.open(source, StandardOpenOption.READ)) {
            CsvChunker chunker = new CsvChunker(ch, delimiter);
            CsvChunker.Chunk first = chunker.next(chunkBytes);
            List<List<String>> header = new ArrayList<>(1);
            List<CsvRecord> sample = sample(first, options.delimiter(), header);
            while (sample.size() < CsvColumns.INFERENCE_ROWS && first != null && !first.last) {
                chunker.unread(first); // the sample needs more of the file
                first = chunker.next(Math.multiplyExact(first.length, 2));
                header.clear();
                sample = sample(first, options.delimiter(), header);
            }
            if (header.isEmpty()) {
                throw new ZdbcException("empty file: a header row is required");
            }
            boolean exists = db.exists(table);
            List<ColumnDef> defs = CsvColumns.of(db, table, header.get(0), sample, options);
            CsvCursor head = new CsvCursor(first.bytes, 0, first.length, delimiter);
            head.next();
            ChunkParser parser = new ChunkParser(
                    defs,
                    CsvColumns.fieldIndexes(header.get(0), defs),
                    header.get(0).size(),
                    delimiter,
                    options.batchRows(),
                    options.strict(),
                    options.skipBadRows());
            try (ParallelBatches batches = new ParallelBatches(
                    chunker,
                    first,
                    head.position(),
                    head.lines(),
                    head.quotes(),
                    parser,
                    options,
                    size,
                    chunkBytes,
                    threads)) {
                CsvColumns.store(db, table, exists, defs, batches);
                options.progress().update(size, size);
                return batches.report(table);
            }
        }
    }

    /** The first record (into {@code header}) and up to {@link CsvColumns#INFERENCE_ROWS} after it. */
    private static List<CsvRecord> sample(CsvChunker.Chunk c, char delimiter, List<List<String>> header)
            throws IOException {
        List<CsvRecord> sample = new ArrayList<>();
        if (c == null) {
            return sample;
        }
        try (CsvReader<CsvRecord> reader = CsvReader.builder()
                .fieldSeparator(delimiter)
                .allowMissingFields(true)
                .allowExtraFields(true)
                .ofCsvRecord(new InputStreamReader(
                        new ByteArrayInputStream(c.bytes, 0, c.length), StandardCharsets.UTF_8))) {
            Iterator<CsvRecord> it = reader.iterator();
            if (it.hasNext()) {
                header.add(it.next().getFields());
            }
            while (sample.size() < CsvColumns.INFERENCE_ROWS && it.hasNext()) {
                sample.add(it.next());
            }
        }
        return sample;
    }
}
