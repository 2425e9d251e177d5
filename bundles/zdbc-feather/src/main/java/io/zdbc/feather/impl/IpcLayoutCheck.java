package io.zdbc.feather.impl;

import io.zdbc.api.ZdbcException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.List;
import org.apache.arrow.flatbuf.Block;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.DictionaryBatch;
import org.apache.arrow.flatbuf.Field;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.Footer;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.flatbuf.Schema;

/**
 * Walks the frames of an Arrow IPC file or stream (footer blocks, message metadata lengths, body
 * lengths, and the counts and buffers of record batches) and checks each declared length against
 * the bytes the file has, before Arrow allocates a buffer of that length: a corrupt length of 2^40
 * is an error here, not an allocation.
 */
final class IpcLayoutCheck {
    /** The 8 bytes of a file's leading magic and padding; the 10 of its footer length and magic. */
    private static final int HEAD = 8;

    private static final int TAIL = 10;

    private IpcLayoutCheck() {}

    static void check(FileChannel ch, long size, boolean fileFormat) throws IOException {
        new IpcLayoutCheck().walk(ch, size, fileFormat);
    }

    /** Field node index of each top-level field, from the schema once it is read. */
    private int[] topNodes;

    /** The schema, once read: the types the buffers of each batch are checked against. */
    private Schema schema;

    /** The field nodes of a record batch of that schema. */
    private List<IpcBufferCheck.Node> recordNodes;

    private void walk(FileChannel ch, long size, boolean fileFormat) throws IOException {
        long end = size;
        if (fileFormat) {
            int footerLength = read(ch, size - TAIL, 4).getInt();
            if (footerLength <= 0 || footerLength > size - HEAD - TAIL) {
                throw new ZdbcException("the footer length field says " + footerLength + " bytes, but the file has "
                        + size + " (the file is truncated or corrupt)");
            }
            end = size - TAIL - footerLength;
            Footer footer = Footer.getRootAsFooter(read(ch, end, footerLength));
            if (footer.schema() != null) {
                readSchema(footer.schema());
            }
            Block b = new Block();
            for (int i = 0; i < footer.dictionariesLength(); i++) {
                checkBlock(footer.dictionaries(b, i), "dictionary", i, end);
            }
            for (int i = 0; i < footer.recordBatchesLength(); i++) {
                checkBlock(footer.recordBatches(b, i), "record batch", i, end);
            }
        }
        long at = fileFormat ? HEAD : 0;
        while (at + 8 <= end) {
            ByteBuffer prefix = read(ch, at, 8);
            int first = prefix.getInt();
            int prefixLength = first == FeatherConnector.CONTINUATION ? 8 : 4;
            int metadata = first == FeatherConnector.CONTINUATION ? prefix.getInt() : first;
            if (metadata == 0) {
                return; // end of stream
            }
            long left = end - at - prefixLength;
            if (metadata < 0 || metadata > left) {
                throw new ZdbcException("the message at offset " + at + " declares " + metadata
                        + " bytes of metadata, but " + left + " bytes remain (the file is truncated or corrupt)");
            }
            Message message = Message.getRootAsMessage(read(ch, at + prefixLength, metadata));
            long bodyLength = message.bodyLength();
            left -= metadata;
            if (bodyLength < 0 || bodyLength > left) {
                throw new ZdbcException("the message at offset " + at + " declares a body of " + bodyLength
                        + " bytes, but " + left + " bytes remain (the file is truncated or corrupt)");
            }
            long body = at + prefixLength + metadata;
            if (message.headerType() == MessageHeader.Schema && topNodes == null) {
                readSchema((Schema) message.header(new Schema()));
            } else if (message.headerType() == MessageHeader.RecordBatch) {
                RecordBatch batch = (RecordBatch) message.header(new RecordBatch());
                checkBatch(batch, bodyLength, at, topNodes);
                IpcBufferCheck.check(ch, body, batch, recordNodes, "the record batch at offset " + at);
            } else if (message.headerType() == MessageHeader.DictionaryBatch) {
                DictionaryBatch dictionary = (DictionaryBatch) message.header(new DictionaryBatch());
                RecordBatch data = dictionary.data();
                if (data != null) {
                    checkBatch(data, bodyLength, at, new int[] {0});
                    List<IpcBufferCheck.Node> nodes =
                            schema == null ? null : IpcBufferCheck.dictionaryNodes(schema, dictionary.id());
                    IpcBufferCheck.check(ch, body, data, nodes, "the dictionary batch at offset " + at);
                }
            }
            at += prefixLength + metadata + bodyLength;
        }
    }

    private void readSchema(Schema s) {
        topNodes = topNodes(s);
        schema = s;
        recordNodes = IpcBufferCheck.recordBatchNodes(s);
    }

    /**
     * Counts must not be negative (Arrow Java asserts, or sizes vectors by them) and buffers must lie
     * in the message's body.
     */
    private static void checkBatch(RecordBatch batch, long bodyLength, long at, int[] top) {
        String where = "the record batch at offset " + at;
        if (batch.length() < 0) {
            throw new ZdbcException(where + " declares " + batch.length() + " rows (the file is corrupt)");
        }
        FieldNode node = new FieldNode();
        for (int i = 0; i < batch.nodesLength(); i++) {
            batch.nodes(node, i);
            if (node.length() < 0 || node.nullCount() < 0 || node.nullCount() > node.length()) {
                throw new ZdbcException(where + " declares " + node.length() + " values with " + node.nullCount()
                        + " nulls for field node " + (i + 1) + " (the file is corrupt)");
            }
        }
        // A top-level column has one value per row; Arrow Java would read past shorter buffers.
        for (int i = 0; top != null && i < top.length && top[i] < batch.nodesLength(); i++) {
            batch.nodes(node, top[i]);
            if (node.length() != batch.length()) {
                throw new ZdbcException(where + " declares " + batch.length() + " rows, but column " + (i + 1) + " has "
                        + node.length() + " values (the file is corrupt)");
            }
        }
        // Every row of a column with buffers takes at least a bit of them, compressed at most 32768:1;
        // Arrow Java sizes (and zero-fills) its vectors by the declared count before reading them.
        long most = 8 * bodyLength * (batch.compression() == null ? 1 : 32_768L);
        if (batch.buffersLength() > 0 && batch.length() > most) {
            throw new ZdbcException(where + " declares " + batch.length() + " rows in a body of " + bodyLength
                    + " bytes (the file is corrupt)");
        }
        Buffer buffer = new Buffer();
        for (int i = 0; i < batch.buffersLength(); i++) {
            batch.buffers(buffer, i);
            if (buffer.offset() < 0
                    || buffer.length() < 0
                    || buffer.offset() > bodyLength
                    || buffer.length() > bodyLength - buffer.offset()) {
                throw new ZdbcException(
                        where + " places buffer " + (i + 1) + " at " + buffer.offset() + " with " + buffer.length()
                                + " bytes, outside its body of " + bodyLength + " bytes (the file is corrupt)");
            }
        }
    }

    /** The field node index of each top-level field: nodes list the fields depth first. */
    private static int[] topNodes(Schema schema) {
        int most = schema.getByteBuffer().capacity() / 4; // a field takes at least its 4-byte offset
        if (schema.fieldsLength() < 0 || schema.fieldsLength() > most) {
            throw new ZdbcException("the schema declares " + schema.fieldsLength() + " fields in " + (4 * most)
                    + " bytes (the file is corrupt)");
        }
        int[] top = new int[schema.fieldsLength()];
        long next = 0;
        for (int i = 0; i < top.length; i++) {
            top[i] = (int) Math.min(next, Integer.MAX_VALUE);
            next += nodes(schema.fields(i), most, 0);
        }
        return top;
    }

    private static long nodes(Field f, int most, int depth) {
        if (depth > 64 || f.childrenLength() < 0 || f.childrenLength() > most) {
            throw new ZdbcException("the schema nests fields " + depth + " deep with " + f.childrenLength()
                    + " children (the file is corrupt)");
        }
        long n = 1;
        for (int i = 0; i < f.childrenLength(); i++) {
            n += nodes(f.children(i), most, depth + 1);
        }
        return n;
    }

    private static void checkBlock(Block b, String what, int i, long end) {
        if (b.offset() < HEAD
                || b.metaDataLength() <= 0
                || b.bodyLength() < 0
                || b.metaDataLength() > end - b.offset()
                || b.bodyLength() > end - b.offset() - b.metaDataLength()) {
            throw new ZdbcException("the footer places " + what + " " + (i + 1) + " at offset " + b.offset() + " with "
                    + b.metaDataLength() + " bytes of metadata and " + b.bodyLength() + " of body, outside the "
                    + end + " bytes before the footer (the file is corrupt)");
        }
    }

    /** {@code length} bytes at {@code at}, little-endian; {@code length} is at most the file's size. */
    private static ByteBuffer read(FileChannel ch, long at, int length) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (bb.hasRemaining()) {
            if (ch.read(bb, at + bb.position()) < 0) {
                throw new EOFException("end of file at " + (at + bb.position()));
            }
        }
        return bb.flip();
    }
}
