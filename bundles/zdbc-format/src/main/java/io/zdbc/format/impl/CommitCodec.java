package io.zdbc.format.impl;

import io.zdbc.api.ColumnDef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The commit record {@code .zdbc/t/<table>/commit} (FORMAT.md, "Commit record"): the one file
 * whose atomic replacement commits a change to a table. Writes version 2 (with a checksum per
 * column); reads version 1 too, as earlier zdbc versions wrote it.
 */
final class CommitCodec {
    static final byte[] MAGIC = "ZDBCCMT2".getBytes(StandardCharsets.US_ASCII);
    static final byte[] MAGIC_V1 = "ZDBCCMT1".getBytes(StandardCharsets.US_ASCII);
    /** Flag: the table's creation is not yet in the registry; readers must check it. */
    static final int FLAG_PENDING_CREATE = 1;

    /**
     * One committed version of a table. {@code sums} holds each column's CRC-32 (zlib's) of its
     * committed bytes, in the order of {@code columns}; null for a version 1 record, which has none.
     */
    record Commit(int flags, long version, long generation, long rows, List<ColumnDef> columns, List<Integer> sums) {
        Commit {
            columns = List.copyOf(columns);
            if (sums != null) {
                sums = List.copyOf(sums);
                if (sums.size() != columns.size()) {
                    throw new IllegalArgumentException(sums.size() + " checksums for " + columns.size() + " columns");
                }
            }
        }

        boolean pendingCreate() {
            return (flags & FLAG_PENDING_CREATE) != 0;
        }

        Commit withFlags(int f) {
            return new Commit(f, version, generation, rows, columns, sums);
        }
    }

    private CommitCodec() {}

    /** A version 2 record; {@code c} must have its sums (a v1 record read is given them before it is written again). */
    static byte[] encode(Commit c) {
        if (c.sums() == null) {
            throw new IllegalArgumentException("a commit record is written with its column checksums");
        }
        LeWriter w = new LeWriter()
                .bytes(MAGIC)
                .u32(c.flags())
                .u64(c.version())
                .u64(c.generation())
                .u64(c.rows());
        SchemaCodec.writeColumns(w, c.columns());
        for (int s : c.sums()) {
            w.u32(s);
        }
        byte[] body = w.toByteArray();
        return new LeWriter().bytes(body).u32(crc(body, body.length)).toByteArray();
    }

    static Commit decode(Path file, byte[] bytes) {
        LeReader r = new LeReader(file, bytes);
        if (bytes.length < MAGIC.length + 4) {
            throw r.corrupt("truncated: " + bytes.length + " bytes is too short for a commit record");
        }
        byte[] magic = Arrays.copyOf(bytes, MAGIC.length);
        boolean v2 = Arrays.equals(magic, MAGIC);
        if (!v2 && !Arrays.equals(magic, MAGIC_V1)) {
            throw r.corrupt("not a zdbc commit record (bad magic)");
        }
        int bodyLen = bytes.length - 4;
        long stored = Integer.toUnsignedLong((bytes[bodyLen] & 0xFF)
                | (bytes[bodyLen + 1] & 0xFF) << 8
                | (bytes[bodyLen + 2] & 0xFF) << 16
                | (bytes[bodyLen + 3] & 0xFF) << 24);
        if (stored != crc(bytes, bodyLen)) {
            throw r.corrupt("checksum mismatch");
        }
        // The structure is read from the body alone, so that a cut record is "truncated", never read into its CRC.
        r = new LeReader(file, Arrays.copyOf(bytes, bodyLen));
        r.bytes(MAGIC.length, "magic");
        int flags = (int) r.u32("flags");
        long version = r.u64("version");
        long generation = r.rawLong("generation");
        long rows = SchemaCodec.rowCount(r);
        List<ColumnDef> columns = SchemaCodec.readColumns(r);
        List<Integer> sums = v2 ? readSums(r, columns.size()) : null;
        if (r.remaining() != 0) {
            throw r.corrupt(r.remaining() + " unexpected bytes before the checksum");
        }
        return new Commit(flags, version, generation, rows, columns, sums);
    }

    /** One sum per column, in the order of the columns; their count is the columns' count. */
    private static List<Integer> readSums(LeReader r, int columns) {
        List<Integer> sums = new ArrayList<>(columns);
        for (int i = 0; i < columns; i++) {
            sums.add((int) r.u32("checksum of column " + i));
        }
        return sums;
    }

    static long crc(byte[] b, int len) {
        CRC32C c = new CRC32C();
        c.update(b, 0, len);
        return c.getValue();
    }
}
