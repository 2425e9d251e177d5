package io.zdbc.corruption;

import io.zdbc.api.ColumnData;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The fuzzer's own reading of docs/FORMAT.md, written apart from zdbc's codecs so that the oracle
 * does not share their bugs: paths, and strict decoders that answer null for anything invalid.
 */
final class HandBytes {
    /** A schema file's content. */
    record Schema(long rows, List<ColumnDef> columns) {}

    private HandBytes() {}

    static Path dataDir(Path reg) {
        return reg.resolveSibling(reg.getFileName() + "dir");
    }

    static Path legacySchema(Path reg, String table) {
        return dataDir(reg).resolve(table + ".schema");
    }

    static Path legacyColumn(Path reg, String table, String column) {
        return dataDir(reg).resolve(table + "." + column);
    }

    static Path tableDir(Path reg, String table) {
        return dataDir(reg)
                .resolve(".zdbc")
                .resolve("t")
                .resolve(table.replace("%", "%25").replace("/", "%2F"));
    }

    static Path commitFile(Path reg, String table) {
        return tableDir(reg, table).resolve("commit");
    }

    /** The generation file of {@code column} named by the commit record {@code commit}. */
    static Path generationFile(Path reg, String table, byte[] commit, String column) {
        long gen = ByteBuffer.wrap(commit).order(ByteOrder.LITTLE_ENDIAN).getLong(20);
        return tableDir(reg, table).resolve(Long.toHexString(gen) + "." + column);
    }

    /**
     * The column checksums of a version 2 commit record ("ZDBCCMT2", FORMAT.md 1.5), in column
     * order; null for a version 1 record or one that does not decode.
     */
    static List<Integer> columnSums(byte[] commit) {
        ByteBuffer b = ByteBuffer.wrap(commit).order(ByteOrder.LITTLE_ENDIAN);
        if (commit.length < 44 || !"ZDBCCMT2".equals(new String(commit, 0, 8, StandardCharsets.US_ASCII))) {
            return null;
        }
        b.position(36); // magic, flags, version, generation, rows
        long count = Integer.toUnsignedLong(b.getInt());
        for (long i = 0; i < count; i++) {
            if (utf8(b) == null || !b.hasRemaining()) {
                return null;
            }
            b.get(); // type
        }
        if (b.remaining() != count * 4 + 4) {
            return null;
        }
        List<Integer> sums = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            sums.add(b.getInt());
        }
        return sums;
    }

    /** zlib's CRC-32 of the first {@code length} bytes. */
    static int crc32(byte[] bytes, int length) {
        CRC32 c = new CRC32();
        c.update(bytes, 0, length);
        return (int) c.getValue();
    }

    static byte[] u32(long v) {
        return ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) v)
                .array();
    }

    static byte[] name(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + b.length)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(b.length)
                .put(b)
                .array();
    }

    static byte[] schema(long rows, List<ColumnDef> cols) {
        int size = 12;
        for (ColumnDef c : cols) {
            size += 5 + c.name().getBytes(StandardCharsets.UTF_8).length;
        }
        ByteBuffer b = ByteBuffer.allocate(size)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(rows)
                .putInt(cols.size());
        for (ColumnDef c : cols) {
            b.put(name(c.name())).put((byte) c.type().code());
        }
        return b.array();
    }

    static byte[] columnBytes(ColumnData d) {
        if (d.type() == ColumnType.STR) {
            return d.packedStrings();
        }
        ByteBuffer b = ByteBuffer.allocate(d.rows() * 8).order(ByteOrder.LITTLE_ENDIAN);
        if (d.type() == ColumnType.I64) {
            b.asLongBuffer().put(d.longs());
        } else {
            b.asDoubleBuffer().put(d.doubles());
        }
        return b.array();
    }

    /** The registry's table names, or null if FORMAT.md 1.1 says it is corrupt. */
    static List<String> registryNames(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 4) {
            return null;
        }
        long count = Integer.toUnsignedLong(b.getInt());
        if (count > b.remaining() / 4) {
            return null;
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (long i = 0; i < count; i++) {
            String n = utf8(b);
            if (n == null || n.indexOf('\0') >= 0 || !seen.add(n)) {
                return null;
            }
            names.add(n);
        }
        return b.hasRemaining() ? null : names;
    }

    /** The schema, or null if FORMAT.md 1.2 says it is corrupt. */
    static Schema decodeSchema(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12) {
            return null;
        }
        long rows = b.getLong();
        long count = Integer.toUnsignedLong(b.getInt());
        // Rows must be below 2^60, so that rows × 8 bytes is a file offset (FORMAT.md 1.2).
        if (rows < 0 || rows >= 1L << 60 || count > b.remaining() / 5) {
            return null;
        }
        List<ColumnDef> cols = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (long i = 0; i < count; i++) {
            String n = utf8(b);
            if (n == null || !b.hasRemaining() || !seen.add(n)) {
                return null;
            }
            ColumnType t = ColumnType.fromCode(Byte.toUnsignedInt(b.get()));
            if (t == null) {
                return null;
            }
            cols.add(ColumnDef.of(n, t));
        }
        return b.hasRemaining() ? null : new Schema(rows, cols);
    }

    private static String utf8(ByteBuffer b) {
        if (b.remaining() < 4) {
            return null;
        }
        long len = Integer.toUnsignedLong(b.getInt());
        if (len > b.remaining()) {
            return null;
        }
        ByteBuffer s = b.slice();
        s.limit((int) len);
        b.position(b.position() + (int) len);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(s)
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
