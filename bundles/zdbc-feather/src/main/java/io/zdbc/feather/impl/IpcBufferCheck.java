package io.zdbc.feather.impl;

import io.zdbc.api.ZdbcException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flatbuf.BodyCompression;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.CompressionType;
import org.apache.arrow.flatbuf.Field;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.flatbuf.Schema;
import org.apache.arrow.vector.BufferLayout;
import org.apache.arrow.vector.BufferLayout.BufferType;
import org.apache.arrow.vector.TypeLayout;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Checks the buffers of one record or dictionary batch against its fields' types, before Arrow
 * loads it. Arrow Java grows a vector whose buffers are shorter than its value count needs, by the
 * type's width (a fixed-size binary column whose width a corrupt schema made 2^25 asked for
 * 133 GB), and allocates a compressed buffer's declared uncompressed length before decompressing
 * it. So each buffer must hold what its field node's count needs, and a compressed buffer may
 * declare no more than that (rounded up to Arrow's 64-byte alignment), or, for variable-length
 * data, than its codec can expand its bytes to.
 */
final class IpcBufferCheck {
    /** ZSTD's best case, a run of 128 KiB blocks of one repeated byte: 4 bytes each. */
    private static final long ZSTD_MOST_EXPANSION = 32_768;
    /** LZ4 frames expand at most about 255:1 (as {@link Codecs} also checks). */
    private static final long LZ4_MOST_EXPANSION = 255;
    /** The 8-byte uncompressed length in front of a compressed buffer; -1 there means not compressed. */
    private static final int PREFIX = 8;

    /**
     * One field node of a batch: the column it belongs to, the type of its values in the batch
     * (the index type of a dictionary-encoded field), and its parent node's index, or -1.
     */
    record Node(String column, ArrowType type, int parent) {}

    private IpcBufferCheck() {}

    /** The field nodes of a record batch of {@code schema}, depth first; null where a type does not decode. */
    static List<Node> recordBatchNodes(Schema schema) {
        List<Node> out = new ArrayList<>();
        try {
            for (int i = 0; i < schema.fieldsLength(); i++) {
                add(schema.fields(i), null, -1, out);
            }
        } catch (RuntimeException e) {
            return null; // Arrow's own schema conversion reports it
        }
        return out;
    }

    /** The field nodes of the dictionary batch with {@code id}: its values' field; null if no field has it. */
    static List<Node> dictionaryNodes(Schema schema, long id) {
        try {
            for (int i = 0; i < schema.fieldsLength(); i++) {
                Field f = find(schema.fields(i), id, 0);
                if (f != null) {
                    List<Node> out = new ArrayList<>();
                    addValues(f, null, -1, out);
                    return out;
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    private static Field find(Field f, long id, int depth) {
        if (f.dictionary() != null && f.dictionary().id() == id) {
            return f;
        }
        for (int i = 0; depth < 64 && i < f.childrenLength(); i++) {
            Field c = find(f.children(i), id, depth + 1);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private static void add(Field f, String parentName, int parent, List<Node> out) {
        if (f.dictionary() == null) {
            addValues(f, parentName, parent, out);
            return;
        }
        // A dictionary-encoded field is one node of indices in a record batch (int32 unless declared).
        var index = f.dictionary().indexType();
        ArrowType indexType =
                new ArrowType.Int(index == null ? 32 : index.bitWidth(), index == null || index.isSigned());
        out.add(new Node(name(f, parentName), indexType, parent));
    }

    private static void addValues(Field f, String parentName, int parent, List<Node> out) {
        String name = name(f, parentName);
        int self = out.size();
        out.add(new Node(name, ArrowType.getTypeForField(f), parent));
        for (int i = 0; i < f.childrenLength() && out.size() < 1_000_000; i++) {
            add(f.children(i), name, self, out);
        }
    }

    private static String name(Field f, String parentName) {
        String n = String.valueOf(f.name());
        return parentName == null ? n : parentName + "." + n;
    }

    /**
     * Checks the buffers of {@code batch}, whose body starts at {@code body} in {@code ch}, against
     * {@code nodes} (null: unknown, nothing to check); {@code where} names the batch in errors.
     */
    static void check(FileChannel ch, long body, RecordBatch batch, List<Node> nodes, String where) throws IOException {
        if (nodes == null) {
            return;
        }
        BodyCompression compression = batch.compression();
        long expansion = compression == null
                ? 0
                : compression.codec() == CompressionType.LZ4_FRAME ? LZ4_MOST_EXPANSION : ZSTD_MOST_EXPANSION;
        Buffer buffer = new Buffer();
        FieldNode node = new FieldNode();
        FieldNode parent = new FieldNode();
        int next = 0;
        int views = 0;
        for (int i = 0; i < Math.min(batch.nodesLength(), nodes.size()); i++) {
            Node n = nodes.get(i);
            batch.nodes(node, i);
            String column = where + ", column '" + n.column() + "' (" + n.type() + ")";
            if (n.parent() >= 0) {
                checkChildLength(batch.nodes(parent, n.parent()), nodes.get(n.parent()), node, column);
            }
            List<Need> needs = needs(n.type(), node.length(), column);
            if (needs == null) {
                return; // a type Arrow cannot lay out: its reader refuses it
            }
            if (n.type() instanceof ArrowType.Utf8View || n.type() instanceof ArrowType.BinaryView) {
                long extra = views < batch.variadicBufferCountsLength() ? batch.variadicBufferCounts(views++) : 0;
                for (long k = 0; k < extra && k < batch.buffersLength(); k++) {
                    needs.add(new Need("data buffer " + (k + 1), -1, -1));
                }
            }
            for (Need need : needs) {
                if (next >= batch.buffersLength()) {
                    return; // too few buffers: Arrow's loader says so
                }
                batch.buffers(buffer, next++);
                long holds = buffer.length();
                if (compression != null && buffer.length() > 0) {
                    holds = uncompressedLength(ch, body, buffer, need, column, expansion);
                }
                boolean validityUnused = need.validity && (node.nullCount() == 0 || node.nullCount() == node.length());
                if (need.least > 0 && holds < need.least && !validityUnused) {
                    throw new ZdbcException(column + ": its " + need.what + " holds " + holds + " bytes, but "
                            + node.length() + " values need " + need.least + " (the file is corrupt)");
                }
            }
        }
    }

    /** A struct's children hold at least its values, a fixed-size list's that many per list. */
    private static void checkChildLength(FieldNode parent, Node parentNode, FieldNode child, String column) {
        long least = -1;
        if (parentNode.type() instanceof ArrowType.Struct) {
            least = parent.length();
        } else if (parentNode.type() instanceof ArrowType.FixedSizeList l) {
            least = parent.length() * Math.max(l.getListSize(), 0);
        }
        if (child.length() < least) {
            throw new ZdbcException(column + " has " + child.length() + " values, but its parent '"
                    + parentNode.column() + "' needs " + least + " (the file is corrupt)");
        }
    }

    /**
     * One buffer of a node: what it is, the bytes its values need at least, and the most its
     * uncompressed length may declare; -1 where the type does not bound it (variable-length data).
     */
    private record Need(String what, long least, long most, boolean validity) {
        Need(String what, long least, long most) {
            this(what, least, most, false);
        }
    }

    /** The buffers {@code length} values of {@code type} have; null if Arrow cannot lay the type out. */
    private static List<Need> needs(ArrowType type, long length, String column) {
        List<Need> out = new ArrayList<>();
        if (type instanceof ArrowType.FixedSizeBinary f) {
            // Laid out here: Arrow's layout of a width of 2^28 or more overflows its int bit width.
            if (f.getByteWidth() < 0) {
                throw new ZdbcException(
                        column + " declares a width of " + f.getByteWidth() + " bytes (the file is" + " corrupt)");
            }
            out.add(validity(length));
            long bytes = multiply(length, f.getByteWidth());
            out.add(new Need("data buffer", bytes, align(bytes)));
            return out;
        }
        List<BufferLayout> layouts;
        try {
            layouts = TypeLayout.getTypeLayout(type).getBufferLayouts();
        } catch (RuntimeException e) {
            return null;
        }
        boolean afterOffsets = false;
        for (BufferLayout l : layouts) {
            BufferType t = l.getType();
            long bits = l.getTypeBitWidth();
            if (t == BufferType.VALIDITY) {
                out.add(validity(length));
            } else if (t == BufferType.OFFSET) {
                // n offsets at least (a dense union's), n + 1 at most (a list's or string's)
                long most = multiply(length + 1, bits / 8);
                out.add(new Need("offset buffer", multiply(length, bits / 8), align(most)));
                afterOffsets = true;
            } else if (t == BufferType.DATA && afterOffsets) {
                out.add(new Need("data buffer", -1, -1)); // as long as the offsets say
            } else if (t == BufferType.DATA || t == BufferType.VIEWS || t == BufferType.SIZE) {
                long bytes = bits == 1 ? (length + 7) / 8 : multiply(length, bits / 8);
                out.add(new Need(
                        t == BufferType.VIEWS ? "view buffer" : t == BufferType.SIZE ? "size buffer" : "data buffer",
                        bytes,
                        align(bytes)));
            } else if (t == BufferType.TYPE) {
                out.add(new Need("type id buffer", length, align(multiply(length, 4))));
            }
        }
        return out;
    }

    private static Need validity(long length) {
        long bytes = (length + 7) / 8;
        return new Need("validity buffer", bytes, align(bytes), true);
    }

    /**
     * The uncompressed length in front of a compressed buffer, which Arrow allocates: at most what
     * {@code need} allows, and at most what the codec can expand the compressed bytes to.
     */
    private static long uncompressedLength(
            FileChannel ch, long body, Buffer buffer, Need need, String column, long expansion) throws IOException {
        if (buffer.length() < PREFIX) {
            throw new ZdbcException(column + ": its compressed " + need.what + " has " + buffer.length()
                    + " bytes, too few for its 8-byte uncompressed length (the file is corrupt)");
        }
        ByteBuffer b = ByteBuffer.allocate(PREFIX).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, body + buffer.offset() + b.position()) < 0) {
                throw new EOFException("end of file at " + (body + buffer.offset() + b.position()));
            }
        }
        long declared = b.getLong(0);
        long compressed = buffer.length() - PREFIX;
        if (declared == -1) {
            return compressed; // stored as is
        }
        long most = need.most >= 0 ? need.most : multiply(compressed, expansion) + 64;
        if (declared < 0 || declared > most) {
            throw new ZdbcException(column + ": its compressed " + need.what + " declares " + declared
                    + " bytes uncompressed, but "
                    + (need.most >= 0
                            ? "its values need at most " + most
                            : compressed + " compressed bytes expand to at most " + most)
                    + " (the file is corrupt)");
        }
        return declared;
    }

    private static long align(long bytes) {
        return bytes > Long.MAX_VALUE - 63 ? Long.MAX_VALUE : (bytes + 63) & ~63L;
    }

    private static long multiply(long a, long b) {
        long r = a * b;
        return a != 0 && (r / a != b || r < 0) ? Long.MAX_VALUE : r;
    }
}
