package io.zdbc.bench;

import io.zdbc.benchdata.PlayersTable;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.ZdbcReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Parquet through parquet-java 1.18.1 with no Hadoop at run time. Write: a {@link WriteSupport}
 * feeding the record consumer row by row (how Avro/Proto writers do it), {@code REQUIRED} columns,
 * v2 pages ({@code PARQUET_2_0}: dictionary, delta and RLE encodings), parquet-java's default
 * dictionary, page and row-group sizes, {@link LocalOutputFile}. Read: {@link ParquetFileReader}
 * with the requested columns only, each column chunk decoded by its {@link ColumnReader} into an
 * array (dictionary strings decoded once per dictionary entry).
 */
final class ParquetFormat implements Format {
    static final String FILE = "players.parquet";
    static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.INT64)
            .named("id")
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("name")
            .required(PrimitiveTypeName.DOUBLE)
            .named("score")
            .required(PrimitiveTypeName.INT64)
            .named("active")
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("category")
            .named("players");

    private final CompressionCodecName codec;

    ParquetFormat(CompressionCodecName codec) {
        this.codec = codec;
    }

    @Override
    public String name() {
        return "Parquet "
                + (codec == CompressionCodecName.UNCOMPRESSED
                        ? "uncompressed"
                        : codec.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public String id() {
        return "parquet-"
                + (codec == CompressionCodecName.UNCOMPRESSED
                        ? "none"
                        : codec.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public String method() {
        return "parquet-java 1.18.1 ParquetWriter + WriteSupport, v2 pages, " + codec
                + "; read = ParquetFileReader + ColumnReader per requested column into arrays";
    }

    @Override
    public boolean loadIsMaterialize() {
        return true;
    }

    static Path file(Path dir) {
        return dir.resolve(FILE);
    }

    @Override
    public void write(PlayersTable d, Path dir) throws Exception {
        try (ParquetWriter<Integer> w = new Builder(new LocalOutputFile(file(dir)), d)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(ParquetCodecs.INSTANCE)
                .withCompressionCodec(codec)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .build()) {
            for (int i = 0; i < d.rows; i++) {
                w.write(i);
            }
        }
    }

    @Override
    public Loaded load(Path dir, List<String> columns) throws Exception {
        Map<String, Object> arrays = readArrays(dir, columns);
        int rows = Array.getLength(arrays.get(columns.get(0)));
        return Loaded.of(rows, arrays.size(), null);
    }

    @Override
    public Columns materialize(Path dir) throws Exception {
        Map<String, Object> a = readArrays(dir, PlayersTable.COLUMNS);
        return new Columns(
                (long[]) a.get("id"),
                (String[]) a.get("name"),
                (double[]) a.get("score"),
                (long[]) a.get("active"),
                (String[]) a.get("category"));
    }

    @Override
    public Sums scan(Path dir) throws Exception {
        SumLong id = new SumLong();
        SumDouble score = new SumDouble();
        SumLong active = new SumLong();
        read(dir, List.of("id", "score", "active"), (rows, type) -> null, List.of(id, score, active));
        return new Sums(id.sum, score.sum, active.sum);
    }

    /** Reads {@code columns} into arrays: long[] (INT64), double[] (DOUBLE), String[] (BINARY). */
    static Map<String, Object> readArrays(Path dir, List<String> columns) throws Exception {
        Map<String, Object> out = new HashMap<>();
        List<Sink> sinks = new ArrayList<>();
        for (String c : columns) {
            sinks.add(null);
        }
        read(
                dir,
                columns,
                (rows, type) -> {
                    switch (type.asPrimitiveType().getPrimitiveTypeName()) {
                        case INT64:
                            return new LongSink(new long[rows]);
                        case DOUBLE:
                            return new DoubleSink(new double[rows]);
                        default:
                            return new StringSink(new String[rows]);
                    }
                },
                sinks);
        for (int i = 0; i < columns.size(); i++) {
            out.put(columns.get(i), ((ArraySink) sinks.get(i)).array());
        }
        return out;
    }

    interface SinkFactory {
        Sink create(int rows, Type type);
    }

    /**
     * Decodes every row group of the requested columns into {@code sinks} (created by
     * {@code factory} for the file's row count where an entry is null).
     */
    static void read(Path dir, List<String> columns, SinkFactory factory, List<Sink> sinks) throws Exception {
        try (ParquetFileReader r =
                ParquetFileReader.open(new LocalInputFile(file(dir)), ZdbcReadOptions.of(ParquetCodecs.INSTANCE))) {
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            String createdBy = r.getFooter().getFileMetaData().getCreatedBy();
            List<Type> fields = new ArrayList<>();
            for (String c : columns) {
                fields.add(schema.getType(c));
            }
            MessageType projection = new MessageType(schema.getName(), fields);
            r.setRequestedSchema(projection);
            int rows = Math.toIntExact(r.getRecordCount());
            for (int i = 0; i < sinks.size(); i++) {
                if (sinks.get(i) == null) {
                    sinks.set(i, factory.create(rows, fields.get(i)));
                }
            }
            GroupConverter root = new GroupConverter() {
                @Override
                public Converter getConverter(int fieldIndex) {
                    return sinks.get(fieldIndex);
                }

                @Override
                public void start() {}

                @Override
                public void end() {}
            };
            List<ColumnDescriptor> descriptors = projection.getColumns();
            PageReadStore pages;
            while ((pages = r.readNextRowGroup()) != null) {
                long n = pages.getRowCount();
                ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, root, projection, createdBy);
                for (ColumnDescriptor desc : descriptors) {
                    ColumnReader cr = store.getColumnReader(desc);
                    for (long k = 0; k < n; k++) {
                        cr.writeCurrentValueToConverter();
                        cr.consume();
                    }
                }
            }
        }
    }

    /** A column's destination. */
    abstract static class Sink extends PrimitiveConverter {}

    interface ArraySink {
        Object array();
    }

    static final class LongSink extends Sink implements ArraySink {
        final long[] a;
        int pos;

        LongSink(long[] a) {
            this.a = a;
        }

        @Override
        public void addLong(long v) {
            a[pos++] = v;
        }

        @Override
        public Object array() {
            return a;
        }
    }

    static final class DoubleSink extends Sink implements ArraySink {
        final double[] a;
        int pos;

        DoubleSink(double[] a) {
            this.a = a;
        }

        @Override
        public void addDouble(double v) {
            a[pos++] = v;
        }

        @Override
        public Object array() {
            return a;
        }
    }

    /** Dictionary-encoded pages: each dictionary entry becomes a String once; plain pages: one per value. */
    static final class StringSink extends Sink implements ArraySink {
        final String[] a;
        int pos;
        String[] dict;

        StringSink(String[] a) {
            this.a = a;
        }

        @Override
        public boolean hasDictionarySupport() {
            return true;
        }

        @Override
        public void setDictionary(Dictionary d) {
            dict = new String[d.getMaxId() + 1];
            for (int i = 0; i < dict.length; i++) {
                dict[i] = d.decodeToBinary(i).toStringUsingUTF8();
            }
        }

        @Override
        public void addValueFromDictionary(int id) {
            a[pos++] = dict[id];
        }

        @Override
        public void addBinary(Binary v) {
            a[pos++] = v.toStringUsingUTF8();
        }

        @Override
        public Object array() {
            return a;
        }
    }

    static final class SumLong extends Sink {
        long sum;

        @Override
        public void addLong(long v) {
            sum += v;
        }
    }

    static final class SumDouble extends Sink {
        double sum;

        @Override
        public void addDouble(double v) {
            sum += v;
        }
    }

    /** Writes row {@code i} of the arrays per call. */
    static final class PlayersWriteSupport extends WriteSupport<Integer> {
        private final PlayersTable d;
        private RecordConsumer rc;

        PlayersWriteSupport(PlayersTable d) {
            this.d = d;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(SCHEMA, Map.of());
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(SCHEMA, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            rc = recordConsumer;
        }

        @Override
        public void write(Integer row) {
            int i = row;
            rc.startMessage();
            rc.startField("id", 0);
            rc.addLong(d.id[i]);
            rc.endField("id", 0);
            rc.startField("name", 1);
            rc.addBinary(Binary.fromString(d.name[i]));
            rc.endField("name", 1);
            rc.startField("score", 2);
            rc.addDouble(d.score[i]);
            rc.endField("score", 2);
            rc.startField("active", 3);
            rc.addLong(d.active[i]);
            rc.endField("active", 3);
            rc.startField("category", 4);
            rc.addBinary(Binary.fromString(d.category[i]));
            rc.endField("category", 4);
            rc.endMessage();
        }
    }

    static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
        private final PlayersTable d;

        Builder(LocalOutputFile file, PlayersTable d) {
            super(file);
            this.d = d;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(Configuration conf) {
            return new PlayersWriteSupport(d);
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(ParquetConfiguration conf) {
            return new PlayersWriteSupport(d);
        }
    }
}
