package io.zdbc.format.impl;

import io.zdbc.api.ColumnDef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The commit record {@code .zdbc/t/<table>/commit} (FORMAT.md, "Commit record"): the one file
 * whose atomic replacement commits a change to a table.
 */
final class CommitCodec {
    static final byte[] MAGIC = "ZDBCCMT1".getBytes(StandardCharsets.US_ASCII);
    /** Flag: the table's creation is not yet in the registry; readers must check it. */
    static final int FLAG_PENDING_CREATE = 1;

    /** One committed version of a table. */
    record Commit(int flags, long version, long generation, long rows, List<ColumnDef> columns) {
        Commit {
            columns = List.copyOf(columns);
        }

        boolean pendingCreate() {
            return (flags & FLAG_PENDING_CREATE) != 0;
        }

        Commit withFlags(int f) {
            return new Commit(f, version, generation, rows, columns);
        }
    }

    private CommitCodec() {
    }

    static byte[] encode(Commit c) {
        LeWriter w = new LeWriter().bytes(MAGIC).u32(c.flags()).u64(c.version()).u64(c.generation()).u64(c.rows());
        SchemaCodec.writeColumns(w, c.columns());
        byte[] body = w.toByteArray();
        return new LeWriter().bytes(body).u32(crc(body, body.length)).toByteArray();
    }

    static Commit decode(Path file, byte[] bytes) {
        LeReader r = new LeReader(file, bytes);
        if (bytes.length < MAGIC.length + 4) {
            throw r.corrupt("truncated: " + bytes.length + " bytes is too short for a commit record");
        }
        if (!Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw r.corrupt("not a zdbc commit record (bad magic)");
        }
        int bodyLen = bytes.length - 4;
        long stored = Integer.toUnsignedLong((bytes[bodyLen] & 0xFF) | (bytes[bodyLen + 1] & 0xFF) << 8
                | (bytes[bodyLen + 2] & 0xFF) << 16 | (bytes[bodyLen + 3] & 0xFF) << 24);
        if (stored != crc(bytes, bodyLen)) {
            throw r.corrupt("checksum mismatch");
        }
        r.bytes(MAGIC.length, "magic");
        int flags = (int) r.u32("flags");
        long version = r.u64("version");
        long generation = r.rawLong("generation");
        long rows = SchemaCodec.rowCount(r);
        List<ColumnDef> columns = SchemaCodec.readColumns(r);
        if (r.remaining() != 4) {
            throw r.corrupt((r.remaining() - 4) + " unexpected bytes before the checksum");
        }
        return new Commit(flags, version, generation, rows, columns);
    }

    static long crc(byte[] b, int len) {
        CRC32C c = new CRC32C();
        c.update(b, 0, len);
        return c.getValue();
    }
}
