package io.zdbc.feather.impl;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.Database;
import io.zdbc.api.ZdbcException;
import io.zdbc.api.ZdbcIOException;
import io.zdbc.spi.Connector;
import io.zdbc.spi.connector.AppendCheck;
import io.zdbc.spi.connector.ColumnTasks;
import io.zdbc.spi.connector.ConnectorBase;
import io.zdbc.spi.connector.ExportFile;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.osgi.service.component.annotations.Component;

/**
 * Feather v2 = the Arrow IPC file format (and, on import, the Arrow IPC stream format), read and
 * written with Arrow Java. An import streams record batches into one atomic write (a new or
 * replaced table) or one atomic append (an existing table): an error anywhere leaves the table as
 * it was. An export streams record batches whose numeric buffers are the mapped column files
 * themselves (zero-copy), through {@code <target>.zdbc-tmp} and an atomic move.
 */
@Component(service = Connector.class, property = Connector.FORMAT_PROPERTY + "=feather")
public final class FeatherConnector extends ConnectorBase implements Connector {
    /** First 6 bytes of an Arrow IPC file (and its last 6). */
    static final byte[] FILE_MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);
    /** First 4 bytes of every message of an Arrow IPC stream (format 0.15 and later). */
    static final int CONTINUATION = 0xFFFFFFFF;

    /** Threads of an import or export; 0: {@link ColumnTasks#threads()} at each call. */
    private final int threads;

    public FeatherConnector() {
        this(0);
    }

    /** For tests: a fixed number of threads (0: the default). */
    FeatherConnector(int threads) {
        super("feather", "Feather", "feather", "arrow", "ipc");
        this.threads = threads;
    }

    private int threads() {
        return threads > 0 ? threads : ColumnTasks.threads();
    }

    @Override
    protected TransferReport importGuarded(Path source, Database db, String table, TransferOptions options) {
        try (FileChannel ch = FileChannel.open(source, StandardOpenOption.READ);
                BufferAllocator allocator = Allocators.root()) {
            long size = ch.size();
            boolean fileFormat = detect(ch, size);
            IpcLayoutCheck.check(ch, size, fileFormat);
            try (ArrowReader reader = fileFormat
                    ? new ArrowFileReader(ch, allocator, Codecs.INSTANCE)
                    : new ArrowStreamReader(ch, allocator, Codecs.INSTANCE)) {
                return importFrom(reader, fileFormat, ch, size, db, table, options);
            }
        } catch (NoSuchFileException e) {
            throw new ZdbcException("Feather file not found: " + source);
        } catch (IOException e) {
            throw readError(source, e);
        } catch (UncheckedIOException e) {
            throw readError(source, e.getCause());
        } catch (ZdbcException e) {
            throw new ZdbcException(source + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Arrow and FlatBuffers report corrupt or truncated input as assorted unchecked exceptions.
            throw new ZdbcException(source + ": not a valid Arrow IPC (Feather) file: " + describe(e), e);
        }
    }

    /** Arrow reports input that ends early as an IOException: that is a bad file, not an I/O failure. */
    private static ZdbcException readError(Path source, IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (e instanceof EOFException
                || m.contains("end of input")
                || m.contains("unexpected end")
                || m.contains("expected to read")) {
            return new ZdbcException(source + ": the file is truncated or corrupt (" + describe(e) + ")", e);
        }
        return new ZdbcIOException("reading Feather " + source, e);
    }

    /** True for the IPC file format, false for the stream format; an error for anything else. */
    private static boolean detect(FileChannel ch, long size) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(8);
        while (head.hasRemaining() && ch.read(head, head.position()) > 0) {
            // read up to 8 bytes
        }
        head.flip();
        byte[] b = new byte[head.remaining()];
        head.get(b);
        if (b.length >= FILE_MAGIC.length && Arrays.equals(b, 0, FILE_MAGIC.length, FILE_MAGIC, 0, FILE_MAGIC.length)) {
            ByteBuffer tail = ByteBuffer.allocate(FILE_MAGIC.length);
            long at = size - FILE_MAGIC.length;
            while (at >= 8 && tail.hasRemaining() && ch.read(tail, at + tail.position()) > 0) {
                // read the last 6 bytes
            }
            if (at < 8 || tail.hasRemaining() || !Arrays.equals(tail.array(), FILE_MAGIC)) {
                throw new ZdbcException("the file is truncated: it starts with the Arrow IPC file magic 'ARROW1' "
                        + "but does not end with it (" + size + " bytes; the footer is missing or cut)");
            }
            return true;
        }
        if (b.length >= 8 && ByteBuffer.wrap(b).getInt() == CONTINUATION) {
            return false;
        }
        throw new ZdbcException("not an Arrow IPC (Feather v2) file or stream: it starts with neither the magic "
                + "'ARROW1' nor a stream message (" + size + " bytes; Feather v1 files are not supported)");
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
    }

    private TransferReport importFrom(
            ArrowReader reader,
            boolean fileFormat,
            FileChannel ch,
            long size,
            Database db,
            String table,
            TransferOptions options)
            throws IOException {
        List<Field> fields = reader.getVectorSchemaRoot().getSchema().getFields();
        Map<Long, Dictionary> dictionaries = reader.getDictionaryVectors();
        List<FeatherBatches.Source> sources = selectColumns(fields, dictionaries, options);
        List<ColumnDef> defs = new ArrayList<>();
        for (FeatherBatches.Source s : sources) {
            defs.add(s.def());
        }
        boolean exists = db.exists(table);
        if (exists) {
            AppendCheck.check(db.info(table), defs);
        }
        List<ArrowBlock> blocks = fileFormat ? ((ArrowFileReader) reader).getRecordBlocks() : List.of();
        int[] loaded = {0};
        Runnable progress = () -> {
            long done;
            if (fileFormat) {
                ArrowBlock b = blocks.get(Math.min(loaded[0]++, blocks.size() - 1));
                done = b.getOffset() + b.getMetadataLength() + b.getBodyLength();
            } else {
                try {
                    done = ch.position();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            options.progress().update(Math.min(done, size), size);
        };
        Runnable atEnd = fileFormat ? () -> {} : () -> checkEndOfStream(ch, size);
        FeatherBatches batches = new FeatherBatches(reader, sources, options, progress, atEnd, threads());
        if (exists) {
            db.append(table, batches);
        } else {
            db.write(table, defs, batches);
        }
        options.progress().update(size, size);
        return batches.report(table);
    }

    /**
     * Arrow's stream reader takes a stream that stops at a message boundary as complete. A stream
     * written to a file ends with the end-of-stream marker (0xFFFFFFFF, then a zero length): without
     * it, the file was cut.
     */
    private static void checkEndOfStream(FileChannel ch, long size) {
        try {
            ByteBuffer tail = ByteBuffer.allocate(8);
            if (size >= 16) {
                while (tail.hasRemaining() && ch.read(tail, size - 8 + tail.position()) > 0) {
                    // read the last 8 bytes
                }
            }
            tail.flip();
            if (tail.remaining() != 8 || tail.getInt() != CONTINUATION || tail.getInt() != 0) {
                throw new ZdbcException(
                        "the stream is truncated: it ends without the end-of-stream marker (" + size + " bytes)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The columns to import, all or those of {@code options.columns()} in that order, mapped. */
    static List<FeatherBatches.Source> selectColumns(
            List<Field> fields, Map<Long, Dictionary> dictionaries, TransferOptions options) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            if (index.putIfAbsent(fields.get(i).getName(), i) != null) {
                throw new ZdbcException("column '" + fields.get(i).getName() + "' appears twice in the schema");
            }
        }
        List<Integer> chosen = new ArrayList<>();
        if (options.columns().isEmpty()) {
            for (int i = 0; i < fields.size(); i++) {
                chosen.add(i);
            }
        } else {
            for (String n : options.columns()) {
                Integer i = index.get(n);
                if (i == null) {
                    throw new ZdbcException("no column '" + n + "' in the file; it has "
                            + fields.stream().map(Field::getName).toList());
                }
                chosen.add(i);
            }
        }
        if (chosen.isEmpty()) {
            throw new ZdbcException("the file has no columns");
        }
        List<FeatherBatches.Source> out = new ArrayList<>();
        for (int i : chosen) {
            Field f = fields.get(i);
            Long dictId = null;
            ArrowType valueType = f.getType();
            if (f.getDictionary() != null) {
                dictId = f.getDictionary().getId();
                Dictionary d = dictionaries.get(dictId);
                if (d == null) {
                    throw new ZdbcException("column '" + f.getName() + "' refers to dictionary " + dictId
                            + ", which the file does not define");
                }
                FieldVector dv = d.getVector();
                valueType = dv.getField().getType();
            }
            ArrowColumn mapping = ArrowColumn.of(valueType);
            if (mapping == null) {
                throw new ZdbcException("column '" + f.getName() + "' has type " + describe(f, valueType)
                        + ", which zdbc cannot import (supported: integers, booleans, floats, decimals, dates, "
                        + "timestamps, times, durations, strings and binaries); use --columns to import the others");
            }
            out.add(new FeatherBatches.Source(i, mapping, dictId, new ColumnDef(f.getName(), mapping.type)));
        }
        return out;
    }

    private static String describe(Field f, ArrowType valueType) {
        if (f.getChildren().isEmpty()) {
            return valueType.toString();
        }
        List<String> children = new ArrayList<>();
        for (Field c : f.getChildren()) {
            children.add(c.getName() + ": " + c.getType());
        }
        return valueType + "<" + String.join(", ", children) + ">";
    }

    @Override
    protected TransferReport exportGuarded(Database db, String table, Path target, TransferOptions options) {
        FeatherExporter.Codec codec = FeatherExporter.codec(options.compression());
        try {
            return ExportFile.write(target, tmp -> {
                try (FileChannel out = FileChannel.open(
                        tmp,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    return new FeatherExporter(codec)
                            .export(db, table, out, options)
                            .report();
                }
            });
        } catch (IOException e) {
            throw new ZdbcIOException("writing Feather " + target + " from table '" + table + "'", e);
        } catch (UncheckedIOException e) {
            throw new ZdbcIOException("writing Feather " + target + " from table '" + table + "'", e.getCause());
        } catch (ZdbcException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ZdbcException("writing Feather " + target + " from table '" + table + "': " + describe(e), e);
        }
    }
}
