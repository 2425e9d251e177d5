package io.zdbc.feather.impl;

/**
 * A decoder of the LZ4 frame format (lz4 project, doc/lz4_Frame_format.md) and of LZ4 blocks
 * (doc/lz4_Block_format.md), enough for Arrow's LZ4_FRAME body compression: concatenated frames,
 * linked or independent blocks, uncompressed blocks, skippable frames. Checksums are skipped, not
 * verified. Every read and copy is bounds-checked: corrupt input throws
 * {@link IllegalStateException}, never writes outside {@code out}.
 */
final class Lz4Frame {
    private static final int MAGIC = 0x184D2204;
    private static final int SKIPPABLE_MASK = 0xFFFFFFF0;
    private static final int SKIPPABLE = 0x184D2A50;

    private Lz4Frame() {}

    /** Decompresses every frame in {@code in} into {@code out}; returns the bytes written. */
    static int decompress(byte[] in, byte[] out) {
        int ip = 0;
        int op = 0;
        while (ip < in.length) {
            int magic = int32(in, ip);
            ip += 4;
            if ((magic & SKIPPABLE_MASK) == SKIPPABLE) {
                ip = skip(in, ip + 4, int32(in, ip));
                continue;
            }
            if (magic != MAGIC) {
                throw corrupt("bad frame magic 0x" + Integer.toHexString(magic));
            }
            int flg = byteAt(in, ip++);
            ip++; // BD: block maximum size, not needed to decode
            if ((flg >>> 6) != 1) {
                throw corrupt("unsupported frame version " + (flg >>> 6));
            }
            boolean blockChecksum = (flg & 0x10) != 0;
            boolean contentSize = (flg & 0x08) != 0;
            boolean contentChecksum = (flg & 0x04) != 0;
            boolean dictId = (flg & 0x01) != 0;
            ip = skip(in, ip, (contentSize ? 8 : 0) + (dictId ? 4 : 0) + 1); // + header checksum
            while (true) {
                int size = int32(in, ip);
                ip += 4;
                if (size == 0) {
                    break; // EndMark
                }
                boolean raw = size < 0;
                size &= 0x7FFFFFFF;
                check(ip, size, in.length);
                if (raw) {
                    check(op, size, out.length);
                    System.arraycopy(in, ip, out, op, size);
                    op += size;
                } else {
                    op = block(in, ip, ip + size, out, op);
                }
                ip = skip(in, ip + size, blockChecksum ? 4 : 0);
            }
            ip = skip(in, ip, contentChecksum ? 4 : 0);
        }
        return op;
    }

    /**
     * Decodes one LZ4 block {@code in[ip, end)} into {@code out} at {@code op}; matches may reach
     * back into earlier blocks of the frame. Returns the new output position.
     */
    static int block(byte[] in, int ip, int end, byte[] out, int op) {
        while (true) {
            int token = byteAt(in, ip++);
            int literals = token >>> 4;
            if (literals == 15) {
                int b;
                do {
                    b = byteAt(in, ip++);
                    literals += b;
                } while (b == 255);
            }
            check(ip, literals, end);
            check(op, literals, out.length);
            System.arraycopy(in, ip, out, op, literals);
            ip += literals;
            op += literals;
            if (ip == end) {
                return op; // the last sequence has literals only
            }
            check(ip, 2, end);
            int offset = (in[ip] & 0xFF) | (in[ip + 1] & 0xFF) << 8;
            ip += 2;
            int match = token & 0x0F;
            if (match == 15) {
                int b;
                do {
                    b = byteAt(in, ip++);
                    match += b;
                } while (b == 255);
            }
            match += 4;
            if (offset == 0 || offset > op) {
                throw corrupt("match offset " + offset + " outside the output");
            }
            check(op, match, out.length);
            int from = op - offset;
            if (offset >= match) {
                System.arraycopy(out, from, out, op, match);
                op += match;
            } else {
                for (int i = 0; i < match; i++) {
                    out[op++] = out[from++]; // overlapping copy repeats the pattern
                }
            }
        }
    }

    private static int byteAt(byte[] in, int i) {
        if (i >= in.length) {
            throw corrupt("unexpected end of input");
        }
        return in[i] & 0xFF;
    }

    private static int int32(byte[] in, int i) {
        check(i, 4, in.length);
        return (in[i] & 0xFF) | (in[i + 1] & 0xFF) << 8 | (in[i + 2] & 0xFF) << 16 | (in[i + 3] & 0xFF) << 24;
    }

    private static int skip(byte[] in, int ip, int n) {
        check(ip, n, in.length);
        return ip + n;
    }

    private static void check(int pos, int len, int limit) {
        if (len < 0 || pos < 0 || pos > limit - len) {
            throw corrupt("length " + len + " at " + pos + " runs past the end (" + limit + ")");
        }
    }

    private static IllegalStateException corrupt(String what) {
        return new IllegalStateException("corrupt LZ4 frame: " + what);
    }
}
