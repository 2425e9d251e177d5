package io.zdbc.format.impl;

import io.zdbc.api.CorruptDatabaseException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Bounds-checked little-endian reads; every failure names the file and what was expected. */
final class LeReader {
    private final Path file;
    private final ByteBuffer buf;

    LeReader(Path file, byte[] bytes) {
        this.file = file;
        this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    int position() {
        return buf.position();
    }

    int remaining() {
        return buf.remaining();
    }

    private void need(int n, String what) {
        if (buf.remaining() < n) {
            throw corrupt("truncated at byte " + buf.position() + ": " + what + " needs " + n + " bytes, only "
                    + buf.remaining() + " left");
        }
    }

    long u64(String what) {
        need(8, what);
        long v = buf.getLong();
        if (v < 0) {
            throw corrupt(what + " is " + Long.toUnsignedString(v) + ", out of range");
        }
        return v;
    }

    long rawLong(String what) {
        need(8, what);
        return buf.getLong();
    }

    long u32(String what) {
        need(4, what);
        return Integer.toUnsignedLong(buf.getInt());
    }

    int u8(String what) {
        need(1, what);
        return Byte.toUnsignedInt(buf.get());
    }

    byte[] bytes(int n, String what) {
        need(n, what);
        byte[] b = new byte[n];
        buf.get(b);
        return b;
    }

    /** A u32 length then that many bytes of UTF-8. */
    String lengthPrefixedUtf8(String what) {
        long len = u32(what + " length");
        if (len > buf.remaining()) {
            throw corrupt("truncated at byte " + (buf.position() - 4) + ": " + what + " claims " + len + " bytes, only "
                    + buf.remaining() + " left");
        }
        byte[] b = bytes((int) len, what);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            throw corrupt(what + " at byte " + (buf.position() - len) + " is not valid UTF-8");
        }
    }

    void expectEnd(String after) {
        if (buf.remaining() != 0) {
            throw corrupt(buf.remaining() + " unexpected bytes after " + after);
        }
    }

    CorruptDatabaseException corrupt(String problem) {
        return new CorruptDatabaseException(file, problem);
    }
}
