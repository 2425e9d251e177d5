package io.zdbc.corruption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Damages one file of a database in place (so hard links see it, as they would on disk): bit
 * flips, byte changes, huge count fields, truncations, extensions, zero-fills, swaps, deletion.
 */
final class Mutator {
    /** The kinds of file zdbc reads; targets are drawn kind first, so rare kinds are hit as often. */
    enum Target {
        REGISTRY,
        SCHEMA,
        COMMIT,
        INTENT,
        CHANGES,
        LOCK,
        GENERATION,
        LEGACY_COLUMN
    }

    enum Kind {
        BIT_FLIP,
        BYTE,
        HUGE_FIELD,
        TRUNCATE_ZERO,
        TRUNCATE_RANDOM,
        TRUNCATE_SHORT,
        EXTEND,
        ZERO_FILL,
        SWAP,
        DELETE
    }

    private Mutator() {}

    /** Every file of the database by kind; the registry's sibling files (other databases) excluded. */
    static Map<Target, List<Path>> files(Path reg) throws IOException {
        Map<Target, List<Path>> out = new TreeMap<>();
        if (Files.exists(reg)) {
            out.computeIfAbsent(Target.REGISTRY, k -> new ArrayList<>()).add(reg);
        }
        Path data = HandBytes.dataDir(reg);
        Path zdbc = data.resolve(".zdbc");
        try (Stream<Path> all = Files.walk(data)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                String n = p.getFileName().toString();
                Target t;
                if (p.equals(zdbc.resolve("lock"))) {
                    t = Target.LOCK;
                } else if (p.equals(zdbc.resolve("changes"))) {
                    t = Target.CHANGES;
                } else if (p.equals(zdbc.resolve("intent"))) {
                    t = Target.INTENT;
                } else if (p.startsWith(zdbc)) {
                    t = n.equals("commit") ? Target.COMMIT : Target.GENERATION;
                } else {
                    t = n.endsWith(".schema") ? Target.SCHEMA : Target.LEGACY_COLUMN;
                }
                out.computeIfAbsent(t, k -> new ArrayList<>()).add(p);
            }
        }
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    /** Applies one random mutation; returns what it did, for the failure message. */
    static String mutate(Path reg, SplittableRandom r) throws IOException {
        Map<Target, List<Path>> files = files(reg);
        List<Target> kinds = new ArrayList<>(files.keySet());
        Target target = kinds.get(r.nextInt(kinds.size()));
        List<Path> candidates = files.get(target);
        Path f = candidates.get(r.nextInt(candidates.size()));
        Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
        byte[] b = Files.readAllBytes(f);
        String what = kind + " of " + target + " " + reg.getParent().relativize(f) + " (" + b.length + " bytes)";
        switch (kind) {
            case BIT_FLIP:
                if (b.length > 0) {
                    int at = r.nextInt(b.length);
                    int bit = r.nextInt(8);
                    b[at] ^= (byte) (1 << bit);
                    what += " at byte " + at + " bit " + bit;
                }
                rewrite(f, b);
                break;
            case BYTE:
                if (b.length > 0) {
                    int at = r.nextInt(b.length);
                    byte[] specials = {0, (byte) 0xFF, (byte) 0x80, 0x7F, (byte) r.nextInt(256)};
                    b[at] = specials[r.nextInt(specials.length)];
                    what += " at byte " + at + " to " + (b[at] & 0xFF);
                }
                rewrite(f, b);
                break;
            case HUGE_FIELD:
                if (b.length >= 4) {
                    // A length, a count or a row count claiming far more than the file holds.
                    long[] huge = {0xFFFF_FFFFL, 0x8000_0000L, 0x7FFF_FFFFL, 1L << 61, Long.MAX_VALUE, 1L << 31};
                    long v = huge[r.nextInt(huge.length)];
                    int width = b.length >= 8 && r.nextBoolean() ? 8 : 4;
                    int at = r.nextInt(b.length - width + 1);
                    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                    if (width == 8) {
                        bb.putLong(at, v);
                    } else {
                        bb.putInt(at, (int) v);
                    }
                    what += " u" + (width * 8) + " " + Long.toUnsignedString(v) + " at byte " + at;
                }
                rewrite(f, b);
                break;
            case TRUNCATE_ZERO:
                truncate(f, 0);
                break;
            case TRUNCATE_RANDOM:
                what += " to " + truncate(f, b.length == 0 ? 0 : r.nextInt(b.length));
                break;
            case TRUNCATE_SHORT:
                // Just short of the whole: mid-record for column files, one row missing.
                what += " to " + truncate(f, Math.max(0, b.length - 1 - r.nextInt(Math.min(8, Math.max(1, b.length)))));
                break;
            case EXTEND:
                byte[] more = new byte[1 + r.nextInt(24)];
                if (r.nextBoolean()) {
                    r.nextBytes(more);
                }
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    ch.write(ByteBuffer.wrap(more));
                }
                what += " by " + more.length;
                break;
            case ZERO_FILL:
                if (b.length > 0) {
                    int from = r.nextInt(b.length);
                    int to = from + 1 + r.nextInt(b.length - from);
                    Arrays.fill(b, from, to, (byte) 0);
                    what += " [" + from + ", " + to + ")";
                }
                rewrite(f, b);
                break;
            case SWAP:
                List<Path> all = new ArrayList<>();
                files.values().forEach(all::addAll);
                Path other = all.get(r.nextInt(all.size()));
                byte[] o = Files.readAllBytes(other);
                rewrite(other, b);
                rewrite(f, o);
                what += " with " + reg.getParent().relativize(other);
                break;
            default:
                Files.delete(f);
        }
        return what;
    }

    /** Replaces the content in place, keeping the inode (and so every hard link to it). */
    private static void rewrite(Path f, byte[] b) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(b));
        }
    }

    private static long truncate(Path f, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
        return size;
    }
}
