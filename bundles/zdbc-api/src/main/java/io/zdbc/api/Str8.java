package io.zdbc.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The {@code str} type's encoding: exactly 8 bytes of UTF-8, right-padded with spaces (0x20).
 * Longer input is trimmed to at most 8 bytes without ever splitting a multi-byte character.
 * Decoding drops the trailing padding (spaces and NULs, because the original library's batch
 * reader hands out NUL-padded buffers).
 */
@ProviderType
public final class Str8 {
    public static final int WIDTH = ColumnType.WIDTH;
    public static final byte PAD = ' ';

    private Str8() {}

    /** Encodes {@code s} into {@code dst[off..off+8)}. Returns true if the input was trimmed. */
    public static boolean encode(String s, byte[] dst, int off) {
        int n = s.length();
        // Fast path, the common case: the first min(n, 8) characters are ASCII, one byte each.
        int k = Math.min(n, WIDTH);
        int a = 0;
        while (a < k) {
            char c = s.charAt(a);
            if (c >= 0x80) {
                break;
            }
            dst[off + a++] = (byte) c;
        }
        if (a == k) {
            for (int i = off + k; i < off + WIDTH; i++) {
                dst[i] = PAD;
            }
            return n > WIDTH;
        }
        int w = 0;
        boolean trimmed = false;
        for (int i = 0; i < n; ) {
            int cp = s.codePointAt(i);
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (w + len > WIDTH) {
                trimmed = true;
                break;
            }
            if (len == 1) {
                dst[off + w] = (byte) cp;
            } else if (len == 2) {
                dst[off + w] = (byte) (0xC0 | (cp >> 6));
                dst[off + w + 1] = (byte) (0x80 | (cp & 0x3F));
            } else if (len == 3) {
                dst[off + w] = (byte) (0xE0 | (cp >> 12));
                dst[off + w + 1] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                dst[off + w + 2] = (byte) (0x80 | (cp & 0x3F));
            } else {
                dst[off + w] = (byte) (0xF0 | (cp >> 18));
                dst[off + w + 1] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                dst[off + w + 2] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                dst[off + w + 3] = (byte) (0x80 | (cp & 0x3F));
            }
            w += len;
            i += Character.charCount(cp);
        }
        Arrays.fill(dst, off + w, off + WIDTH, PAD);
        return trimmed;
    }

    /**
     * Encodes the UTF-8 bytes {@code src[from..from+len)} into {@code dst[off..off+8)}, trimming
     * at a character boundary (the zero-copy path for Arrow and Parquet strings, which are UTF-8
     * already). Returns true if the input was trimmed.
     */
    public static boolean encodeUtf8(byte[] src, int from, int len, byte[] dst, int off) {
        int w = Math.min(len, WIDTH);
        if (len > WIDTH) {
            // Back off to the first byte of the character that straddles the 8-byte mark.
            while (w > 0 && (src[from + w] & 0xC0) == 0x80) {
                w--;
            }
        }
        System.arraycopy(src, from, dst, off, w);
        Arrays.fill(dst, off + w, off + WIDTH, PAD);
        return len > WIDTH;
    }

    /** The 8 padded bytes for {@code s}. */
    public static byte[] encode(String s) {
        byte[] b = new byte[WIDTH];
        encode(s, b, 0);
        return b;
    }

    /** The 8 bytes at {@code src[off]} as a little-endian long (byte 0 in the low bits): the inverse of {@link #decode(long)}. */
    public static long pack(byte[] src, int off) {
        long v = 0;
        for (int i = WIDTH - 1; i >= 0; i--) {
            v = (v << 8) | (src[off + i] & 0xFF);
        }
        return v;
    }

    /** {@code s} encoded (trimmed, padded) and packed: how kernels take str arguments. */
    public static long pack(String s) {
        return pack(encode(s), 0);
    }

    /** Decodes 8 bytes at {@code src[off]}, dropping trailing spaces and NULs. */
    public static String decode(byte[] src, int off) {
        int end = WIDTH;
        while (end > 0 && (src[off + end - 1] == PAD || src[off + end - 1] == 0)) {
            end--;
        }
        if (end == 0) {
            return "";
        }
        boolean ascii = true;
        for (int i = 0; i < end; i++) {
            if (src[off + i] < 0) {
                ascii = false;
                break;
            }
        }
        return new String(src, off, end, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /** Decodes a value packed in a little-endian long (byte 0 in the low bits). */
    public static String decode(long packed) {
        byte[] b = new byte[WIDTH];
        unpack(packed, b, 0);
        return decode(b, 0);
    }

    /** Writes a packed value's 8 bytes to {@code dst[off..off+8)}: the inverse of {@link #pack(byte[], int)}. */
    public static void unpack(long packed, byte[] dst, int off) {
        for (int i = 0; i < WIDTH; i++) {
            dst[off + i] = (byte) (packed >>> (8 * i));
        }
    }

    /**
     * How many of a packed value's bytes are left once its trailing spaces and NULs are dropped,
     * without decoding it: the bytes {@link #decode(long)} decodes (for ASCII, the string's length).
     */
    public static int length(long packed) {
        int len = WIDTH;
        while (len > 0) {
            int b = (int) (packed >>> (8 * (len - 1))) & 0xFF;
            if (b != PAD && b != 0) {
                break;
            }
            len--;
        }
        return len;
    }
}
