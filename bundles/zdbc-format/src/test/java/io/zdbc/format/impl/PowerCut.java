package io.zdbc.format.impl;

import io.zdbc.format.impl.PowerLog.DirSync;
import io.zdbc.format.impl.PowerLog.Entry;
import io.zdbc.format.impl.PowerLog.FileSync;
import io.zdbc.format.impl.PowerLog.Op;
import io.zdbc.format.impl.PowerLog.Truncate;
import io.zdbc.format.impl.PowerLog.Write;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Builds a disk image that a power cut after the first {@code k} operations of a {@link PowerLog}
 * could leave. The model is what POSIX and Linux promise and nothing more: fsync of a file makes
 * its data and size durable (not its names); fsync of a directory makes its entries (creates,
 * links, renames, unlinks) durable. Everything else may or may not have reached the disk, each
 * piece on its own: every unsynced write of a file survives whole, not at all, as a prefix, as
 * scattered 8-byte pieces, or as a size without its data (a zeroed tail); every unsynced entry
 * change of a directory survives or not, independently of the others and of the data of the file
 * it names, so a rename can land without its file's data (the ext4 hazard). A rename within one
 * directory is atomic (old and new name change together), as every Linux file system makes it.
 */
final class PowerCut {
    /** How much of the unsynced state survives. */
    enum Survival {
        /** Only what was made durable: every unsynced change is lost. */
        NOTHING,
        /** Every change reached the disk: the same as a process crash. */
        EVERYTHING,
        /** Each unsynced change independently, whole or torn. */
        RANDOM,
        /** The unsynced changes a test names survive whole, the others are lost. */
        CHOSEN
    }

    private final PowerLog log;
    private final int k;
    private final SplittableRandom rnd;
    private final Survival survival;
    private final double keep;
    private final Predicate<Op> chosen;
    private final StringBuilder lost = new StringBuilder();

    private final Map<Integer, byte[]> data = new HashMap<>();
    private final Map<Integer, List<Op>> pendingData = new HashMap<>();
    private final Map<Integer, Map<String, Integer>> entries = new HashMap<>();
    private final Map<Integer, List<Entry>> pendingEntries = new HashMap<>();

    private PowerCut(PowerLog log, int k, Survival survival, long seed, Predicate<Op> chosen) {
        this.log = log;
        this.chosen = chosen;
        this.k = k;
        this.survival = survival;
        this.rnd = new SplittableRandom(seed);
        this.keep = survival == Survival.RANDOM ? new double[] {0.2, 0.5, 0.8}[rnd.nextInt(3)] : 0;
    }

    /**
     * Writes into the empty directory {@code dest} what the disk could hold after a power cut
     * following operation {@code k}; returns what did not survive, for failure messages.
     */
    static String build(PowerLog log, int k, Survival survival, long seed, Path dest) throws IOException {
        return new PowerCut(log, k, survival, seed, null).run(dest);
    }

    /** Like {@link #build}, but exactly the unsynced changes {@code chosen} accepts survive, each whole. */
    static String buildKeeping(PowerLog log, int k, Predicate<Op> chosen, Path dest) throws IOException {
        return new PowerCut(log, k, Survival.CHOSEN, 0, chosen).run(dest);
    }

    private String run(Path dest) throws IOException {
        replay();
        settle();
        materialize(PowerLog.ROOT, dest, new HashMap<>());
        return lost.toString();
    }

    private void replay() {
        for (int n = 0; n < log.nodes(); n++) {
            if (log.isDir(n)) {
                entries.put(n, new TreeMap<>(log.initialEntries(n)));
            } else {
                data.put(n, log.initialData(n).clone());
            }
        }
        List<Op> ops = log.ops();
        for (int i = 0; i < k; i++) {
            Op op = ops.get(i);
            if (op instanceof Write w) {
                pendingData.computeIfAbsent(w.node(), n -> new ArrayList<>()).add(w);
            } else if (op instanceof Truncate t) {
                pendingData.computeIfAbsent(t.node(), n -> new ArrayList<>()).add(t);
            } else if (op instanceof FileSync s) {
                for (Op p : pendingData.getOrDefault(s.node(), List.of())) {
                    data.put(s.node(), applyWhole(data.get(s.node()), p));
                }
                pendingData.remove(s.node());
            } else if (op instanceof Entry e) {
                pendingEntries.computeIfAbsent(e.dir(), n -> new ArrayList<>()).add(e);
            } else if (op instanceof DirSync d) {
                for (Entry e : pendingEntries.getOrDefault(d.dir(), List.of())) {
                    apply(entries.get(d.dir()), e);
                }
                pendingEntries.remove(d.dir());
            }
        }
    }

    /** Decides the fate of every unsynced change. */
    private void settle() {
        for (Map.Entry<Integer, List<Op>> e : new TreeMap<>(pendingData).entrySet()) {
            byte[] b = data.get(e.getKey());
            for (Op op : e.getValue()) {
                b = settle(b, op);
            }
            data.put(e.getKey(), b);
        }
        for (Map.Entry<Integer, List<Entry>> e : new TreeMap<>(pendingEntries).entrySet()) {
            for (Entry op : e.getValue()) {
                if (survives(op)) {
                    apply(entries.get(e.getKey()), op);
                } else {
                    lost.append("\n  lost: ").append(op.what());
                }
            }
        }
    }

    private boolean survives(Op op) {
        if (survival == Survival.CHOSEN) {
            return chosen.test(op);
        }
        return survival == Survival.EVERYTHING || (survival == Survival.RANDOM && rnd.nextDouble() < keep);
    }

    private byte[] settle(byte[] b, Op op) {
        if (survives(op)) {
            return applyWhole(b, op);
        }
        if (survival == Survival.NOTHING || survival == Survival.CHOSEN || op instanceof Truncate) {
            lost.append("\n  lost: ").append(op.what());
            return b;
        }
        Write w = (Write) op;
        int len = w.bytes().length;
        switch (rnd.nextInt(4)) {
            case 0:
                lost.append("\n  lost: ").append(w.what());
                return b;
            case 1: {
                int p = len == 0 ? 0 : rnd.nextInt(len);
                lost.append("\n  torn after ").append(p).append(" bytes: ").append(w.what());
                return put(b, w.offset(), Arrays.copyOf(w.bytes(), p), w.offset() + p);
            }
            case 2: {
                int p = len == 0 ? 0 : rnd.nextInt(len);
                lost.append("\n  size without data after ")
                        .append(p)
                        .append(" bytes: ")
                        .append(w.what());
                return put(b, w.offset(), Arrays.copyOf(w.bytes(), p), w.offset() + len);
            }
            default: {
                byte[] r = put(b, w.offset(), new byte[0], w.offset() + len);
                for (int i = 0; i < len; i += 8) {
                    if (rnd.nextBoolean()) {
                        System.arraycopy(w.bytes(), i, r, (int) w.offset() + i, Math.min(8, len - i));
                    }
                }
                lost.append("\n  scattered pieces: ").append(w.what());
                return r;
            }
        }
    }

    private static byte[] applyWhole(byte[] b, Op op) {
        if (op instanceof Write w) {
            return put(b, w.offset(), w.bytes(), w.offset() + w.bytes().length);
        }
        Truncate t = (Truncate) op;
        return Arrays.copyOf(b, (int) t.size());
    }

    /** {@code bytes} at {@code offset}, the file at least {@code end} long (zeros where nothing was written). */
    private static byte[] put(byte[] b, long offset, byte[] bytes, long end) {
        byte[] r = b.length >= end ? b.clone() : Arrays.copyOf(b, (int) end);
        System.arraycopy(bytes, 0, r, (int) offset, bytes.length);
        return r;
    }

    private static void apply(Map<String, Integer> dir, Entry e) {
        if (e.remove() != null) {
            dir.remove(e.remove());
        }
        if (e.put() != null) {
            dir.put(e.put(), e.node());
        }
    }

    /** Writes the tree reachable from {@code dir}; a node met again becomes a hard link. */
    private void materialize(int dir, Path at, Map<Integer, Path> placed) throws IOException {
        for (Map.Entry<String, Integer> e : entries.get(dir).entrySet()) {
            Path p = at.resolve(e.getKey());
            int node = e.getValue();
            if (log.isDir(node)) {
                Files.createDirectory(p);
                materialize(node, p, placed);
            } else if (placed.containsKey(node)) {
                Files.createLink(p, placed.get(node));
            } else {
                Files.write(p, data.get(node));
                placed.put(node, p);
            }
        }
    }
}
