package io.zdbc.format.impl;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.format.impl.CommitCodec.Commit;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The per-column checksums of a commit record (FORMAT.md, "Commit record"): zlib's CRC-32 of the
 * committed bytes of each generation file, computed from the file after writing so that the sum
 * is of what the file holds, and combined on append so that old rows are not read again.
 */
final class ColumnSums {
    /** zlib's polynomial, reflected. */
    private static final int POLY = 0xEDB88320;
    /** x^(2^n) modulo the polynomial, for n = 0..31 (zlib's x2n_table). */
    private static final int[] X2N = new int[32];

    private static final int BUFFER = 1 << 20;

    static {
        int p = 1 << 30; // x^1
        X2N[0] = p;
        for (int n = 1; n < 32; n++) {
            X2N[n] = p = multModP(p, p);
        }
    }

    private ColumnSums() {}

    /** CRC-32 of {@code length} bytes of {@code ch} from {@code from}; the file must hold them. */
    static int of(FileChannel ch, Path file, long from, long length) throws IOException {
        CRC32 crc = new CRC32();
        // A direct buffer lets CRC32 use its intrinsic; reading, unlike mapping, cannot fault on a cut file.
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(BUFFER, Math.max(length, 1)));
        long pos = from;
        long end = from + length;
        while (pos < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos + buf.position());
                if (n < 0) {
                    throw new EOFException(
                            file + " ended at byte " + (pos + buf.position()) + " while being checksummed");
                }
            }
            pos += buf.flip().remaining();
            crc.update(buf);
        }
        return (int) crc.getValue();
    }

    /** The sums of the first {@code bytes} bytes of each file: a new generation, or one a v1 record named. */
    static List<Integer> of(FileOps fs, List<Path> files, long bytes) throws IOException {
        List<Integer> sums = new ArrayList<>(files.size());
        for (Path f : files) {
            sums.add(fs.crc32(f, 0, bytes));
        }
        return sums;
    }

    /** {@code c} itself, or for a version 1 record (no sums) the same commit with the sums of its generation files. */
    static Commit withSums(FileOps fs, Layout layout, String table, Commit c) throws IOException {
        if (c.sums() != null) {
            return c;
        }
        List<Path> files = new ArrayList<>();
        for (ColumnDef col : c.columns()) {
            files.add(layout.dataFile(table, c.generation(), col.name()));
        }
        return new Commit(
                c.flags(),
                c.version(),
                c.generation(),
                c.rows(),
                c.columns(),
                of(fs, files, c.rows() * ColumnType.WIDTH));
    }

    /**
     * The sums after {@code added} bytes were written past the committed rows of {@code c} in
     * {@code files}: the old sums combined with those of the new bytes, or, for a v1 record that
     * has none, the sums of everything.
     */
    static List<Integer> afterAppend(FileOps fs, Commit c, List<Path> files, long added) throws IOException {
        long committed = c.rows() * ColumnType.WIDTH;
        if (c.sums() == null) {
            return of(fs, files, committed + added);
        }
        List<Integer> sums = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            sums.add(combine(c.sums().get(i), fs.crc32(files.get(i), committed, added), added));
        }
        return sums;
    }

    /** CRC-32 of A followed by B from the CRC-32 of A, of B and B's length (zlib's crc32_combine). */
    static int combine(int crcA, int crcB, long lengthB) {
        return multModP(x2nModP(lengthB, 3), crcA) ^ crcB;
    }

    /** a × b modulo the polynomial, in zlib's reflected bit order. */
    private static int multModP(int a, int b) {
        int m = 1 << 31;
        int p = 0;
        for (; ; ) {
            if ((a & m) != 0) {
                p ^= b;
                if ((a & (m - 1)) == 0) {
                    break;
                }
            }
            m >>>= 1;
            b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
        }
        return p;
    }

    /** x^(n × 2^k) modulo the polynomial; {@code k} = 3 turns a byte count into bits. */
    private static int x2nModP(long n, int k) {
        int p = 1 << 31; // x^0
        while (n != 0) {
            if ((n & 1) != 0) {
                p = multModP(X2N[k & 31], p);
            }
            n >>>= 1;
            k++;
        }
        return p;
    }
}
