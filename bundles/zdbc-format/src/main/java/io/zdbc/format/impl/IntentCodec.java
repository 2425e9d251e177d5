package io.zdbc.format.impl;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The intent file {@code .zdbc/intent} (FORMAT.md, "Intent file"): written before a writer
 * changes anything, removed when it is done. If a writer finds it, the previous writer died and
 * the named table is recovered first.
 */
final class IntentCodec {
    static final byte[] MAGIC = "ZDBCINT1".getBytes(StandardCharsets.US_ASCII);

    /** The table being changed and the legacy column files it had before the change. */
    record Intent(String table, List<String> previousColumns) {
        Intent {
            previousColumns = List.copyOf(previousColumns);
        }
    }

    private IntentCodec() {}

    static byte[] encode(Intent intent) {
        LeWriter w = new LeWriter()
                .bytes(MAGIC)
                .lengthPrefixedUtf8(intent.table())
                .u32(intent.previousColumns().size());
        for (String c : intent.previousColumns()) {
            w.lengthPrefixedUtf8(c);
        }
        byte[] body = w.toByteArray();
        return new LeWriter()
                .bytes(body)
                .u32(CommitCodec.crc(body, body.length))
                .toByteArray();
    }

    /** The intent, or null if the file is torn or garbage (then nothing was changed yet... or recover all). */
    static Intent decodeOrNull(Path file, byte[] bytes) {
        try {
            if (bytes.length < MAGIC.length + 4 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
                return null;
            }
            int bodyLen = bytes.length - 4;
            long stored = Integer.toUnsignedLong((bytes[bodyLen] & 0xFF)
                    | (bytes[bodyLen + 1] & 0xFF) << 8
                    | (bytes[bodyLen + 2] & 0xFF) << 16
                    | (bytes[bodyLen + 3] & 0xFF) << 24);
            if (stored != CommitCodec.crc(bytes, bodyLen)) {
                return null;
            }
            LeReader r = new LeReader(file, Arrays.copyOf(bytes, bodyLen));
            r.bytes(MAGIC.length, "magic");
            String table = r.lengthPrefixedUtf8("table");
            long n = r.u32("column count");
            List<String> cols = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                cols.add(r.lengthPrefixedUtf8("column"));
            }
            return new Intent(table, cols);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
