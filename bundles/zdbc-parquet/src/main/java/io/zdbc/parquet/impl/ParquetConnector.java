package io.zdbc.parquet.impl;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.api.ZdbcIOException;
import io.zdbc.spi.Connector;
import io.zdbc.spi.connector.AppendCheck;
import io.zdbc.spi.connector.ColumnTasks;
import io.zdbc.spi.connector.ConnectorBase;
import io.zdbc.spi.connector.ExportFile;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.ZdbcReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.osgi.service.component.annotations.Component;

/**
 * Parquet files through parquet-java, without Hadoop at run time: files are read and written with
 * {@link LocalInputFile}/{@link LocalOutputFile} and our own page {@link Codecs}. An import streams
 * row groups into one atomic write (a new or replaced table) or one atomic append (an existing
 * table), decoding the columns of each batch in parallel; an export streams from the zero-copy
 * views, encoding the columns of each row group in parallel ({@link ParquetExport}), into a
 * temporary file that is moved onto the target when complete. Type mapping: docs/CONNECTORS.md.
 */
@Component(service = Connector.class, property = Connector.FORMAT_PROPERTY + "=parquet")
public final class ParquetConnector extends ConnectorBase implements Connector {

    /** Export codecs, by their --compression name; the first is the default. */
    static final Map<String, CompressionCodecName> CODECS = new LinkedHashMap<>();

    static {
        CODECS.put("snappy", CompressionCodecName.SNAPPY);
        CODECS.put("zstd", CompressionCodecName.ZSTD);
        CODECS.put("none", CompressionCodecName.UNCOMPRESSED);
    }

    /** Row group limits of an export: whichever comes first. */
    static final int ROW_GROUP_ROWS = 1 << 20;

    static final long ROW_GROUP_BYTES = 128L << 20;

    private final int rowGroupRows;
    private final int pageRows;
    /** Threads of an import or export; 0: {@link ColumnTasks#threads()} at each call. */
    private final int threads;

    public ParquetConnector() {
        this(ROW_GROUP_ROWS, 20_000, 0);
    }

    /** For tests: small row groups and pages. */
    ParquetConnector(int rowGroupRows, int pageRows) {
        this(rowGroupRows, pageRows, 0);
    }

    /** For tests: also a fixed number of threads (0: the default). */
    ParquetConnector(int rowGroupRows, int pageRows, int threads) {
        super("parquet", "Parquet", "parquet", "pq");
        this.rowGroupRows = rowGroupRows;
        this.pageRows = pageRows;
        this.threads = threads;
    }

    private int threads() {
        return threads > 0 ? threads : ColumnTasks.threads();
    }

    // ---- import -------------------------------------------------------------------------

    @Override
    protected TransferReport importGuarded(Path source, Database db, String table, TransferOptions options) {
        long size = sourceSize(source);
        if (!options.types().isEmpty()) {
            throw new ZdbcException(source + ": column types cannot be given for Parquet (they come from the file's"
                    + " schema); drop the type overrides for " + options.types().keySet());
        }
        ParquetFileReader reader = open(source);
        try (reader) {
            checkChunks(reader, size);
            return importFrom(reader, source, size, db, table, options);
        } catch (NoClassDefFoundError e) {
            if (ParquetBatches.hadoopMissing(e)) {
                throw new ZdbcException(source + ": corrupt Parquet file: " + ParquetBatches.HADOOP_MESSAGE, e);
            }
            throw e;
        } catch (IOException e) {
            throw new ZdbcIOException("reading Parquet " + source, e);
        } catch (ZdbcException e) {
            throw new ZdbcException(source + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ZdbcException(source + ": corrupt Parquet file: " + e, e);
        }
    }

    /**
     * Checks that every column chunk the footer declares lies inside the file, before parquet-java
     * allocates a buffer of the declared size to read it into.
     */
    static void checkChunks(ParquetFileReader reader, long fileSize) {
        List<BlockMetaData> groups = reader.getRowGroups();
        for (int g = 0; g < groups.size(); g++) {
            BlockMetaData b = groups.get(g);
            if (b.getRowCount() < 0) {
                throw new ZdbcException("row group " + (g + 1) + " of " + groups.size() + " declares " + b.getRowCount()
                        + " rows (corrupt footer)");
            }
            for (ColumnChunkMetaData c : b.getColumns()) {
                long start = c.getStartingPos();
                long length = c.getTotalSize();
                if (start < 4 || length < 0 || length > fileSize - 8 - start || c.getValueCount() < 0) {
                    throw new ZdbcException("row group " + (g + 1) + " of " + groups.size() + ", column '"
                            + c.getPath().toDotString() + "': the footer declares a column chunk of " + length
                            + " bytes at offset " + start + " with " + c.getValueCount() + " values, which does not"
                            + " fit in the file's " + fileSize + " bytes (corrupt footer)");
                }
            }
        }
    }

    /** Opens the file and reads its footer: the first place a truncated or foreign file fails. */
    static ParquetFileReader open(Path source) {
        // Pages written with a CRC are checked (parquet-java and others write one).
        ParquetReadOptions read = ZdbcReadOptions.of(Codecs.INSTANCE);
        try {
            return ParquetFileReader.open(new NamedInputFile(source), read);
        } catch (NoSuchFileException e) {
            throw new ZdbcException("Parquet file not found: " + source);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            // parquet-java says "<file> is not a Parquet file. Expected magic number at tail, but found [...]"
            // or "<file> is not a Parquet file (length is too low: 4)"
            String prefix = source + " is not a Parquet file";
            if (why.startsWith(prefix)) {
                why = why.substring(prefix.length()).replaceFirst("^[ .(]+", "").replaceFirst("\\)$", "");
            }
            throw new ZdbcException(
                    source + ": not a Parquet file, or truncated (its footer cannot be read: " + why + ")", e);
        }
    }

    /** A local file whose name parquet-java's messages show. */
    private static final class NamedInputFile extends LocalInputFile {
        private final Path path;

        NamedInputFile(Path path) {
            super(path);
            this.path = path;
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    private TransferReport importFrom(
            ParquetFileReader reader, Path source, long size, Database db, String table, TransferOptions options)
            throws IOException {
        MessageType schema = reader.getFileMetaData().getSchema();
        List<Type> fields = selectFields(schema, options.columns(), source);
        MessageType projection = new MessageType(schema.getName(), fields);
        reader.setRequestedSchema(projection);
        PageHeaderCheck.check(source, reader.getRowGroups(), projection);

        List<ParquetBatches.Column> columns = new ArrayList<>();
        for (Type f : fields) {
            Mapping m;
            try {
                m = Mapping.of(f);
            } catch (Mapping.Unsupported u) {
                throw new ZdbcException("column '" + f.getName() + "' is " + u.getMessage()
                        + ", which zdbc cannot import; use --columns to import the other columns");
            }
            int scale = f.isPrimitive() ? Mapping.scale(f.asPrimitiveType()) : 0;
            columns.add(new ParquetBatches.Column(
                    projection.getColumnDescription(new String[] {f.getName()}),
                    m,
                    scale,
                    new ColumnDef(f.getName(), m.type)));
        }
        if (columns.isEmpty()) {
            throw new ZdbcException("the file has no columns");
        }
        boolean exists = db.exists(table);
        if (exists) {
            AppendCheck.check(
                    db.info(table),
                    columns.stream().map(ParquetBatches.Column::def).toList());
        }
        long total = 0;
        for (BlockMetaData b : reader.getRowGroups()) {
            total += b.getCompressedSize();
        }
        long progressTotal = total;
        ParquetBatches batches = new ParquetBatches(
                reader,
                projection,
                columns,
                options,
                done -> options.progress().update(done, progressTotal),
                threads());
        List<ColumnDef> defs = new ArrayList<>();
        for (ParquetBatches.Column c : columns) {
            defs.add(c.def());
        }
        if (exists) {
            db.append(table, batches);
        } else {
            db.write(table, defs, batches);
        }
        options.progress().update(progressTotal, progressTotal);
        return batches.report(table);
    }

    /** The top-level fields to import: all, or those of --columns in that order. */
    private static List<Type> selectFields(MessageType schema, List<String> names, Path source) {
        if (names.isEmpty()) {
            return schema.getFields();
        }
        List<Type> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!schema.containsField(n)) {
                List<String> have = new ArrayList<>();
                for (Type t : schema.getFields()) {
                    have.add(t.getName());
                }
                throw new ZdbcException("no column '" + n + "' in the file (it has " + have + ")");
            }
            if (!seen.add(n)) {
                throw new ZdbcException("column '" + n + "' is listed twice in --columns");
            }
            fields.add(schema.getType(n));
        }
        return fields;
    }

    // ---- export -------------------------------------------------------------------------

    @Override
    protected TransferReport exportGuarded(Database db, String table, Path target, TransferOptions options) {
        CompressionCodecName codec = codec(options.compression(), target);
        try {
            return ExportFile.write(target, tmp -> {
                try (TableSnapshot snap =
                        options.columns().isEmpty() ? db.read(table) : db.read(table, options.columns())) {
                    return write(snap, tmp, codec, options);
                }
            });
        } catch (IOException e) {
            throw new ZdbcIOException("writing Parquet " + target, e);
        } catch (ZdbcException e) {
            throw new ZdbcException("writing Parquet " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ZdbcException("writing Parquet " + target + " from table '" + table + "': " + e, e);
        }
    }

    static CompressionCodecName codec(String name, Path target) {
        if (name.isEmpty()) {
            return CODECS.values().iterator().next();
        }
        CompressionCodecName c = CODECS.get(name.toLowerCase(Locale.ROOT));
        if (c == null) {
            throw new ZdbcException("writing Parquet " + target + ": unknown compression '" + name + "'; choose one of "
                    + String.join(", ", CODECS.keySet()) + " (default snappy)");
        }
        return c;
    }

    private TransferReport write(TableSnapshot snap, Path tmp, CompressionCodecName codec, TransferOptions options)
            throws IOException {
        List<ColumnView> views = snap.columns();
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (ColumnView v : views) {
            b.addField(field(v.name(), v.type()));
        }
        MessageType schema = b.named("zdbc");
        long rows = snap.rows();
        new ParquetExport(schema, codec, rowGroupRows, pageRows, threads())
                .write(views, rows, new LocalOutputFile(tmp), options.progress());
        options.progress().update(rows, rows);
        return new TransferReport(snap.table(), rows, 0, 0, 0);
    }

    private static Type field(String name, ColumnType type) {
        switch (type) {
            case I64:
                return Types.required(PrimitiveTypeName.INT64).named(name);
            case F64:
                return Types.required(PrimitiveTypeName.DOUBLE).named(name);
            default:
                return Types.required(PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.stringType())
                        .named(name);
        }
    }
}
