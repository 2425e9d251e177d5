package io.zdbc.format.impl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The registry file {@code <db>} (FORMAT.md, "Registry file"):
 * {@code u32 count, count × (u32 nameLength, name bytes)}, little-endian, UTF-8 names.
 */
final class RegistryCodec {
    private RegistryCodec() {}

    static byte[] encode(List<String> tables) {
        LeWriter w = new LeWriter().u32(tables.size());
        for (String t : tables) {
            w.lengthPrefixedUtf8(t);
        }
        return w.toByteArray();
    }

    static List<String> decode(Path file, byte[] bytes) {
        LeReader r = new LeReader(file, bytes);
        long count = r.u32("table count");
        // Each entry takes at least 4 bytes: a larger count than that is garbage, not a huge DB.
        if (count > r.remaining() / 4) {
            throw r.corrupt("table count " + count + " is impossible for a " + bytes.length + "-byte registry");
        }
        List<String> tables = new ArrayList<>((int) count);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String name = r.lengthPrefixedUtf8("table name #" + i);
            if (name.indexOf('\0') >= 0) {
                throw r.corrupt("table name #" + i + " contains a NUL byte, which no file name can hold");
            }
            if (!seen.add(name)) {
                throw r.corrupt("table '" + name + "' is listed twice");
            }
            tables.add(name);
        }
        r.expectEnd("the last table name");
        return tables;
    }
}
