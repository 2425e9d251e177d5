package io.zdbc.format.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zdbc.api.Str8;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The str encoding both ways in: from Java strings (ASCII fast path and the general path) and
 * from UTF-8 bytes (Arrow, Parquet). Both must give the bytes of the reference rule: the longest
 * prefix of whole characters that fits in 8 bytes, padded with spaces.
 */
class Str8EncodingTest {
    /** The rule, written the slow and obvious way. */
    static byte[] reference(String s) {
        byte[] out = new byte[8];
        Arrays.fill(out, (byte) ' ');
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            if (w + b.length > 8) {
                break;
            }
            System.arraycopy(b, 0, out, w, b.length);
            w += b.length;
            i += Character.charCount(cp);
        }
        return out;
    }

    static boolean trims(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length > 8;
    }

    @Test
    void edgeCases() {
        for (String s : new String[] {
            "",
            "a",
            "exactly8",
            "ninechars",
            "Zoë",
            "ZoëZoëZoë",
            "aaaaaaa€",
            "aaaaaaaé",
            "12345678é",
            "😀😀",
            "a😀😀",
            "aaaaaaa😀",
            "é".repeat(5)
        }) {
            byte[] got = new byte[8];
            boolean trimmed = Str8.encode(s, got, 0);
            assertArrayEquals(reference(s), got, s);
            assertEquals(trims(s), trimmed, s);
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            byte[] fromBytes = new byte[8];
            assertEquals(trims(s), Str8.encodeUtf8(utf8, 0, utf8.length, fromBytes, 0), s);
            assertArrayEquals(reference(s), fromBytes, s);
        }
    }

    @Test
    void randomStringsMatchTheReference() {
        SplittableRandom r = new SplittableRandom(7);
        int[] pool = {'a', 'Z', ' ', '0', 0xE9, 0x20AC, 0x1F600, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF - 2};
        for (int t = 0; t < 20_000; t++) {
            StringBuilder sb = new StringBuilder();
            int len = r.nextInt(13);
            boolean ascii = r.nextBoolean();
            for (int i = 0; i < len; i++) {
                sb.appendCodePoint(ascii ? 'a' + r.nextInt(26) : pool[r.nextInt(pool.length)]);
            }
            String s = sb.toString();
            byte[] got = new byte[10];
            Str8.encode(s, got, 1);
            assertArrayEquals(reference(s), Arrays.copyOfRange(got, 1, 9), s);
            byte[] utf8 = ("xx" + s).getBytes(StandardCharsets.UTF_8);
            byte[] fromBytes = new byte[8];
            Str8.encodeUtf8(utf8, 2, utf8.length - 2, fromBytes, 0);
            assertArrayEquals(reference(s), fromBytes, s);
        }
    }
}
