package io.zdbc.parquet.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/** Small Parquet files written with parquet-java's example API, for cases zdbc never writes. */
final class TestFiles {
    private TestFiles() {}

    static ParquetWriter<Group> writer(Path f, MessageType schema) throws IOException {
        return builder(f, schema).withWriterVersion(WriterVersion.PARQUET_1_0).build();
    }

    /** v2 pages, row groups and pages of the given rows, and a dictionary page of 2 KiB at most. */
    static ParquetWriter<Group> writer(Path f, MessageType schema, int rowGroupRows, int pageRows) throws IOException {
        return builder(f, schema)
                .withWriterVersion(WriterVersion.PARQUET_2_0)
                .withRowGroupRowCountLimit(rowGroupRows)
                .withPageRowCountLimit(pageRows)
                .withDictionaryPageSize(2_048)
                .build();
    }

    private static ExampleParquetWriter.Builder builder(Path f, MessageType schema) {
        return ExampleParquetWriter.builder(new LocalOutputFile(f))
                .withType(schema)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(Codecs.INSTANCE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE);
    }

    /** One required string column "s". */
    static void writeStrings(Path f, String... values) {
        MessageType schema = MessageTypeParser.parseMessageType("message m { required binary s (STRING); }");
        try (ParquetWriter<Group> w = writer(f, schema)) {
            SimpleGroupFactory g = new SimpleGroupFactory(schema);
            for (String v : values) {
                w.write(g.newGroup().append("s", v));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
