package io.zdbc.engine.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Format-blind mutations (bit flips, truncations, zero-fills, extensions, byte runs moved or
 * dropped, interesting integers written over any offset) and the integer values that break
 * length and count checks.
 */
public final class ByteMutations {
    private ByteMutations() {}

    /** Values a declared length, count or offset is set to: edges, huge, negative, near the file size. */
    public static long interesting(Random r, long fileSize) {
        switch (r.nextInt(16)) {
            case 0:
                return 0;
            case 1:
                return 1;
            case 2:
                return -1;
            case 3:
                return Integer.MAX_VALUE;
            case 4:
                return Integer.MIN_VALUE;
            case 5:
                return 1L << 31;
            case 6:
                return 0xFFFF_FFFFL;
            case 7:
                return 1L << 40;
            case 8:
                return Long.MAX_VALUE;
            case 9:
                return Long.MIN_VALUE;
            case 10:
                return fileSize;
            case 11:
                return fileSize + 1 + r.nextInt(64);
            case 12:
                return fileSize - 1 - r.nextInt((int) Math.max(1, Math.min(fileSize, 64)));
            case 13:
                return 1L << (16 + r.nextInt(47));
            case 14:
                return -(1L + r.nextInt(1 << 20));
            default:
                return r.nextInt(1 << (1 + r.nextInt(20)));
        }
    }

    /**
     * One of {@code items}, each kind (its name without numbers) as likely as another: the footer's
     * length field is chosen as often as the field nodes of a hundred columns together.
     */
    public static <T> T pickByKind(List<T> items, Function<T, String> name, Random r) {
        Map<String, List<T>> kinds = new TreeMap<>();
        for (T t : items) {
            kinds.computeIfAbsent(name.apply(t).replaceAll("[0-9]+", "#"), k -> new ArrayList<>())
                    .add(t);
        }
        List<List<T>> all = new ArrayList<>(kinds.values());
        List<T> kind = all.get(r.nextInt(all.size()));
        return kind.get(r.nextInt(kind.size()));
    }

    /** One format-blind mutation of {@code in}. */
    public static Mutant any(byte[] in, Random r) {
        int n = in.length;
        int at = n == 0 ? 0 : r.nextInt(n);
        switch (r.nextInt(8)) {
            case 0: {
                int flips = 1 + r.nextInt(r.nextBoolean() ? 1 : 8);
                byte[] b = in.clone();
                for (int i = 0; i < flips && n > 0; i++) {
                    int p = r.nextBoolean() ? at : r.nextInt(n);
                    b[p] ^= (byte) (1 << r.nextInt(8));
                }
                return new Mutant(b, flips + " bit flip(s) near " + at);
            }
            case 1:
                return truncate(in, r);
            case 2: {
                int len = Math.min(n - at, 1 + r.nextInt(64));
                byte[] b = in.clone();
                Arrays.fill(b, at, at + len, (byte) 0);
                return new Mutant(b, "zero-filled " + len + " bytes at " + at);
            }
            case 3: {
                byte[] extra = new byte[1 + r.nextInt(256)];
                r.nextBytes(extra);
                byte[] b = Arrays.copyOf(in, n + extra.length);
                System.arraycopy(extra, 0, b, n, extra.length);
                return new Mutant(b, "extended by " + extra.length + " random bytes");
            }
            case 4: {
                int len = Math.min(n - at, 1 + r.nextInt(64));
                return new Mutant(splice(in, at, len, new byte[0]), "removed " + len + " bytes at " + at);
            }
            case 5: {
                int len = Math.min(n - at, 1 + r.nextInt(64));
                byte[] copy = Arrays.copyOfRange(in, at, at + len);
                int to = n == 0 ? 0 : r.nextInt(n);
                return new Mutant(splice(in, to, 0, copy), "copied " + len + " bytes from " + at + " to " + to);
            }
            case 6: {
                byte[] b = in.clone();
                // A file shorter than the field (an earlier cut left a few bytes) gets what fits.
                int width = Math.min(n, r.nextBoolean() ? 4 : 8);
                long v = interesting(r, n);
                putLe(b, Math.min(at, n - width), width, v);
                return new Mutant(b, "wrote " + v + " as " + width + " bytes at " + at);
            }
            default: {
                byte[] b = in.clone();
                int count = 1 + r.nextInt(4);
                for (int i = 0; i < count && n > 0; i++) {
                    b[r.nextInt(n)] = (byte) r.nextInt(256);
                }
                return new Mutant(b, count + " random byte(s)");
            }
        }
    }

    /** The file cut at a random point: anywhere, or near its start or end. */
    public static Mutant truncate(byte[] in, Random r) {
        int n = in.length;
        int keep;
        switch (r.nextInt(3)) {
            case 0:
                keep = Math.max(0, n - 1 - r.nextInt(Math.max(1, Math.min(n, 64))));
                break;
            case 1:
                keep = r.nextInt(Math.max(1, Math.min(n, 64)));
                break;
            default:
                keep = n == 0 ? 0 : r.nextInt(n);
        }
        return new Mutant(Arrays.copyOf(in, keep), "truncated to " + keep + " of " + n + " bytes");
    }

    /** {@code in} with {@code len} bytes at {@code at} replaced by {@code with}. */
    public static byte[] splice(byte[] in, int at, int len, byte[] with) {
        byte[] out = new byte[in.length - len + with.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(with, 0, out, at, with.length);
        System.arraycopy(in, at + len, out, at + with.length, in.length - at - len);
        return out;
    }

    /** Writes the low {@code width} bytes of {@code v} (any width from 0 to 8) little-endian at {@code at}. */
    public static void putLe(byte[] b, int at, int width, long v) {
        for (int i = 0; i < width; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
