package io.zdbc.parquet.impl;

import io.zdbc.engine.fuzz.ByteMutations;
import io.zdbc.engine.fuzz.ImportFuzzer.Base;
import io.zdbc.engine.fuzz.Mutant;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Type;
import org.apache.parquet.format.Util;

/**
 * Structure-aware mutations of a Parquet file: the footer frame (magic, length field), one field of
 * the Thrift FileMetaData (row counts, column chunk offsets and sizes, value counts, codecs,
 * schema element counts and types) or of one page header (sizes, value counts, encodings), set to
 * an edge or huge value and written back with parquet-java's own Thrift code. A page header that
 * changes length moves the bytes after it, and the footer's offsets move with them.
 */
final class ParquetMutations {
    private ParquetMutations() {}

    /** A field that can be set: its name for the report, and the setter. */
    private record Knob(String name, LongConsumer set) {}

    /** A page header at {@code at}, {@code length} bytes long. */
    private record Page(int at, int length, PageHeader header) {}

    static Mutant mutate(Base base, Random r) {
        try {
            return mutateStructure(base.bytes(), r);
        } catch (RuntimeException e) {
            // Thrift refuses to write some combinations (a required field lost): mutate the bytes instead.
            return ByteMutations.any(base.bytes(), r);
        }
    }

    private static Mutant mutateStructure(byte[] b, Random r) {
        int n = b.length;
        int footerLength = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(n - 8);
        int footerAt = n - 8 - footerLength;
        FileMetaData meta = read(b, footerAt);
        int how = r.nextInt(20);
        if (how < 3) {
            return frame(b, r);
        }
        if (how < 11) {
            List<Knob> knobs = new ArrayList<>();
            footerKnobs(meta, knobs);
            Knob k = ByteMutations.pickByKind(knobs, Knob::name, r);
            long v = ByteMutations.interesting(r, n);
            k.set.accept(v);
            return new Mutant(withFooter(Arrays.copyOf(b, footerAt), meta), "footer " + k.name + " = " + v);
        }
        List<Page> pages = pages(b, meta);
        Page p = pages.get(r.nextInt(pages.size()));
        List<Knob> knobs = pageKnobs(p.header);
        Knob k = ByteMutations.pickByKind(knobs, Knob::name, r);
        long v = ByteMutations.interesting(r, n);
        k.set.accept(v);
        return new Mutant(rewritten(b, footerAt, meta, p), "page header at " + p.at + ": " + k.name + " = " + v);
    }

    /** {@code file} with its footer changed by {@code change}. */
    static byte[] withFooterChanged(byte[] file, Consumer<FileMetaData> change) {
        int footerAt = file.length
                - 8
                - ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(file.length - 8);
        FileMetaData meta = read(file, footerAt);
        change.accept(meta);
        return withFooter(Arrays.copyOf(file, footerAt), meta);
    }

    /** {@code file} with the first page header that {@code change} accepts changed by it. */
    static byte[] withPageChanged(byte[] file, Predicate<PageHeader> change) {
        int footerAt = file.length
                - 8
                - ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(file.length - 8);
        FileMetaData meta = read(file, footerAt);
        for (Page p : pages(file, meta)) {
            if (change.test(p.header)) {
                return rewritten(file, footerAt, meta, p);
            }
        }
        throw new IllegalArgumentException("no such page");
    }

    /** The file with page {@code p}'s header written anew and the footer's offsets moved to match. */
    private static byte[] rewritten(byte[] b, int footerAt, FileMetaData meta, Page p) {
        byte[] header = write(out -> Util.writePageHeader(p.header, out));
        byte[] data = ByteMutations.splice(Arrays.copyOf(b, footerAt), p.at, p.length, header);
        shift(meta, p.at, header.length - p.length);
        return withFooter(data, meta);
    }

    /** The magic at either end, or the footer length field, overwritten. */
    private static Mutant frame(byte[] b, Random r) {
        byte[] m = b.clone();
        int n = b.length;
        switch (r.nextInt(3)) {
            case 0:
                m[r.nextInt(4)] ^= (byte) (1 + r.nextInt(255));
                return new Mutant(m, "leading magic changed");
            case 1:
                m[n - 1 - r.nextInt(4)] ^= (byte) (1 + r.nextInt(255));
                return new Mutant(m, "trailing magic changed");
            default:
                long v = ByteMutations.interesting(r, n);
                ByteMutations.putLe(m, n - 8, 4, v);
                return new Mutant(m, "footer length field = " + (int) v);
        }
    }

    private static void footerKnobs(FileMetaData meta, List<Knob> k) {
        k.add(new Knob("num_rows", meta::setNum_rows));
        k.add(new Knob("version", v -> meta.setVersion((int) v)));
        for (int i = 0; i < meta.getSchemaSize(); i++) {
            SchemaElement e = meta.getSchema().get(i);
            String s = "schema[" + i + "].";
            k.add(new Knob(s + "num_children", v -> e.setNum_children((int) v)));
            k.add(new Knob(s + "type", v -> e.setType(pick(Type.values(), v))));
            k.add(new Knob(s + "type_length", v -> e.setType_length((int) v)));
            k.add(new Knob(s + "repetition_type", v -> e.setRepetition_type(pick(FieldRepetitionType.values(), v))));
            k.add(new Knob(s + "converted_type", v -> e.setConverted_type(pick(ConvertedType.values(), v))));
            k.add(new Knob(s + "scale", v -> e.setScale((int) v)));
            k.add(new Knob(s + "precision", v -> e.setPrecision((int) v)));
            k.add(new Knob(s + "removed", v -> meta.getSchema().remove(e)));
        }
        for (int g = 0; g < meta.getRow_groupsSize(); g++) {
            RowGroup rg = meta.getRow_groups().get(g);
            String s = "row_groups[" + g + "].";
            k.add(new Knob(s + "num_rows", rg::setNum_rows));
            k.add(new Knob(s + "total_byte_size", rg::setTotal_byte_size));
            k.add(new Knob(s + "file_offset", rg::setFile_offset));
            k.add(new Knob(s + "total_compressed_size", rg::setTotal_compressed_size));
            k.add(new Knob(s + "removed", v -> meta.getRow_groups().remove(rg)));
            for (int c = 0; c < rg.getColumnsSize(); c++) {
                ColumnChunk ch = rg.getColumns().get(c);
                ColumnMetaData cm = ch.getMeta_data();
                String t = s + "columns[" + c + "].";
                k.add(new Knob(t + "file_offset", ch::setFile_offset));
                k.add(new Knob(t + "num_values", cm::setNum_values));
                k.add(new Knob(t + "total_compressed_size", cm::setTotal_compressed_size));
                k.add(new Knob(t + "total_uncompressed_size", cm::setTotal_uncompressed_size));
                k.add(new Knob(t + "data_page_offset", cm::setData_page_offset));
                k.add(new Knob(t + "dictionary_page_offset", cm::setDictionary_page_offset));
                k.add(new Knob(t + "codec", v -> cm.setCodec(pick(CompressionCodec.values(), v))));
                k.add(new Knob(t + "type", v -> cm.setType(pick(Type.values(), v))));
                k.add(new Knob(t + "path_in_schema", v -> cm.setPath_in_schema(List.of("x" + v))));
                k.add(new Knob(t + "removed", v -> rg.getColumns().remove(ch)));
            }
        }
    }

    private static List<Knob> pageKnobs(PageHeader h) {
        List<Knob> k = new ArrayList<>();
        k.add(new Knob("compressed_page_size", v -> h.setCompressed_page_size((int) v)));
        k.add(new Knob("uncompressed_page_size", v -> h.setUncompressed_page_size((int) v)));
        k.add(new Knob("type", v -> h.setType(pick(PageType.values(), v))));
        if (h.isSetData_page_header()) {
            var d = h.getData_page_header();
            k.add(new Knob("data_page_header.num_values", v -> d.setNum_values((int) v)));
            k.add(new Knob("data_page_header.encoding", v -> d.setEncoding(pick(Encoding.values(), v))));
            k.add(new Knob(
                    "data_page_header.definition_level_encoding",
                    v -> d.setDefinition_level_encoding(pick(Encoding.values(), v))));
        }
        if (h.isSetData_page_header_v2()) {
            var d = h.getData_page_header_v2();
            k.add(new Knob("data_page_header_v2.num_values", v -> d.setNum_values((int) v)));
            k.add(new Knob("data_page_header_v2.num_nulls", v -> d.setNum_nulls((int) v)));
            k.add(new Knob("data_page_header_v2.num_rows", v -> d.setNum_rows((int) v)));
            k.add(new Knob("data_page_header_v2.encoding", v -> d.setEncoding(pick(Encoding.values(), v))));
            k.add(new Knob(
                    "data_page_header_v2.definition_levels_byte_length",
                    v -> d.setDefinition_levels_byte_length((int) v)));
            k.add(new Knob(
                    "data_page_header_v2.repetition_levels_byte_length",
                    v -> d.setRepetition_levels_byte_length((int) v)));
            k.add(new Knob("data_page_header_v2.is_compressed", v -> d.setIs_compressed((v & 1) == 0)));
        }
        if (h.isSetDictionary_page_header()) {
            var d = h.getDictionary_page_header();
            k.add(new Knob("dictionary_page_header.num_values", v -> d.setNum_values((int) v)));
            k.add(new Knob("dictionary_page_header.encoding", v -> d.setEncoding(pick(Encoding.values(), v))));
        }
        return k;
    }

    /** One of {@code values}, chosen by {@code v}. */
    private static <T> T pick(T[] values, long v) {
        return values[(int) Math.floorMod(v, (long) values.length)];
    }

    /** Every page header of every column chunk, found from the chunks' offsets. */
    private static List<Page> pages(byte[] b, FileMetaData meta) {
        List<Page> out = new ArrayList<>();
        for (RowGroup rg : meta.getRow_groups()) {
            for (ColumnChunk ch : rg.getColumns()) {
                ColumnMetaData cm = ch.getMeta_data();
                long at = cm.isSetDictionary_page_offset() && cm.getDictionary_page_offset() > 0
                        ? Math.min(cm.getDictionary_page_offset(), cm.getData_page_offset())
                        : cm.getData_page_offset();
                long end = at + cm.getTotal_compressed_size();
                while (at < end) {
                    ByteArrayInputStream in = new ByteArrayInputStream(b, (int) at, b.length - (int) at);
                    try {
                        PageHeader h = Util.readPageHeader(in);
                        int length = b.length - (int) at - in.available();
                        out.add(new Page((int) at, length, h));
                        at += length + h.getCompressed_page_size();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return out;
    }

    /** Moves every offset past {@code at} by {@code delta}, and grows the chunk that holds {@code at}. */
    private static void shift(FileMetaData meta, long at, int delta) {
        for (RowGroup rg : meta.getRow_groups()) {
            if (rg.isSetFile_offset() && rg.getFile_offset() > at) {
                rg.setFile_offset(rg.getFile_offset() + delta);
            } else if (rg.isSetTotal_compressed_size() && rg.getFile_offset() + rg.getTotal_compressed_size() > at) {
                rg.setTotal_compressed_size(rg.getTotal_compressed_size() + delta);
            }
            for (ColumnChunk ch : rg.getColumns()) {
                ColumnMetaData cm = ch.getMeta_data();
                long start = cm.isSetDictionary_page_offset() && cm.getDictionary_page_offset() > 0
                        ? Math.min(cm.getDictionary_page_offset(), cm.getData_page_offset())
                        : cm.getData_page_offset();
                if (start <= at && at < start + cm.getTotal_compressed_size()) {
                    cm.setTotal_compressed_size(cm.getTotal_compressed_size() + delta);
                }
                if (cm.getData_page_offset() > at) {
                    cm.setData_page_offset(cm.getData_page_offset() + delta);
                }
                if (cm.isSetDictionary_page_offset() && cm.getDictionary_page_offset() > at) {
                    cm.setDictionary_page_offset(cm.getDictionary_page_offset() + delta);
                }
                if (ch.getFile_offset() > at) {
                    ch.setFile_offset(ch.getFile_offset() + delta);
                }
                if (ch.isSetOffset_index_offset() && ch.getOffset_index_offset() > at) {
                    ch.setOffset_index_offset(ch.getOffset_index_offset() + delta);
                }
                if (ch.isSetColumn_index_offset() && ch.getColumn_index_offset() > at) {
                    ch.setColumn_index_offset(ch.getColumn_index_offset() + delta);
                }
            }
        }
    }

    private static FileMetaData read(byte[] b, int at) {
        try {
            return Util.readFileMetaData(new ByteArrayInputStream(b, at, b.length - at));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code data} (the file up to its footer), then the footer, its length and the magic. */
    private static byte[] withFooter(byte[] data, FileMetaData meta) {
        byte[] footer = write(out -> Util.writeFileMetaData(meta, out));
        ByteBuffer bb = ByteBuffer.allocate(data.length + footer.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(data).put(footer).putInt(footer.length).put(new byte[] {'P', 'A', 'R', '1'});
        return bb.array();
    }

    private interface Writer {
        void write(ByteArrayOutputStream out) throws IOException;
    }

    private static byte[] write(Writer w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
