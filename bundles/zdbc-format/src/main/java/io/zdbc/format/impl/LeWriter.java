package io.zdbc.format.impl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Little-endian encoder for the small metadata files. */
final class LeWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    LeWriter u64(long v) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    LeWriter u32(long v) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    LeWriter u8(int v) {
        out.write(v);
        return this;
    }

    LeWriter bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    LeWriter lengthPrefixedUtf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u32(b.length);
        return bytes(b);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
