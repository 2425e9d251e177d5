package io.zdbc.format.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a {@link RecordingFileOps} saw: the directory tree it started from (taken as durable) and
 * every later change to it, in order, addressed to nodes (inodes and directories) rather than
 * paths, so that a rename or a hard link keeps pointing at the same data. {@link PowerCut} replays
 * a prefix of it to build a disk image that power loss could leave.
 */
final class PowerLog {
    /** One recorded operation; {@code what} names it for failure messages. */
    sealed interface Op permits Write, Truncate, FileSync, Entry, DirSync {
        String what();
    }

    /** Bytes written into file node {@code node} at {@code offset}, not yet durable. */
    record Write(int node, long offset, byte[] bytes, String what) implements Op {}

    record Truncate(int node, long size, String what) implements Op {}

    /** fsync of a file: its data and size become durable, not its names. */
    record FileSync(int node, String what) implements Op {}

    /**
     * A change of one directory's entries: {@code put} names {@code node} (create, link, mkdir),
     * {@code remove} removes a name (unlink, rmdir); a rename within a directory does both at once.
     */
    record Entry(int dir, String put, int node, String remove, String what) implements Op {}

    /** fsync of a directory: its entries become durable. */
    record DirSync(int dir, String what) implements Op {}

    static final int ROOT = 0;

    private final Path root;
    /** Per node: null for a directory, else its content at the start. */
    private final List<byte[]> initialData = new ArrayList<>();

    private final List<Boolean> isDir = new ArrayList<>();
    /** Per directory node: its entries at the start (durable). */
    private final Map<Integer, Map<String, Integer>> initialEntries = new HashMap<>();
    /** Per directory node: its entries now, as the running process sees them. */
    private final Map<Integer, Map<String, Integer>> live = new HashMap<>();

    private final List<Op> ops = new ArrayList<>();

    private PowerLog(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Takes {@code root} and everything under it as the durable starting point. */
    static PowerLog startingFrom(Path root) throws IOException {
        PowerLog log = new PowerLog(root);
        log.newNode(true, null);
        Map<Object, Integer> byInode = new HashMap<>();
        log.snapshot(log.root, ROOT, byInode);
        for (Map.Entry<Integer, Map<String, Integer>> e : log.live.entrySet()) {
            log.initialEntries.put(e.getKey(), new TreeMap<>(e.getValue()));
        }
        return log;
    }

    private void snapshot(Path dir, int dirNode, Map<Object, Integer> byInode) throws IOException {
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.sorted().toList();
        }
        for (Path c : children) {
            BasicFileAttributes a = Files.readAttributes(c, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            int node;
            if (a.isDirectory()) {
                node = newNode(true, null);
                snapshot(c, node, byInode);
            } else {
                Integer known = a.fileKey() == null ? null : byInode.get(a.fileKey());
                node = known != null ? known : newNode(false, Files.readAllBytes(c));
                if (a.fileKey() != null) {
                    byInode.put(a.fileKey(), node);
                }
            }
            live.get(dirNode).put(c.getFileName().toString(), node);
        }
    }

    private int newNode(boolean dir, byte[] data) {
        int id = isDir.size();
        isDir.add(dir);
        initialData.add(dir ? null : data);
        if (dir) {
            live.put(id, new TreeMap<>());
            initialEntries.putIfAbsent(id, new TreeMap<>());
        }
        return id;
    }

    Path root() {
        return root;
    }

    List<Op> ops() {
        return ops;
    }

    int size() {
        return ops.size();
    }

    int nodes() {
        return isDir.size();
    }

    boolean isDir(int node) {
        return isDir.get(node);
    }

    byte[] initialData(int node) {
        return initialData.get(node);
    }

    Map<String, Integer> initialEntries(int dir) {
        return initialEntries.getOrDefault(dir, Map.of());
    }

    String rel(Path p) {
        return root.relativize(p.toAbsolutePath().normalize()).toString();
    }

    /** The node a path names now; fails if the path was made behind the recorder's back. */
    int lookup(Path p) {
        Path rel = root.relativize(p.toAbsolutePath().normalize());
        int node = ROOT;
        if (rel.toString().isEmpty()) {
            return node;
        }
        for (Path part : rel) {
            Integer next = live.get(node) == null ? null : live.get(node).get(part.toString());
            if (next == null) {
                throw new IllegalStateException(rel + " is not known to the recorder: made without FileOps?");
            }
            node = next;
        }
        return node;
    }

    boolean knows(Path p) {
        try {
            lookup(p);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- recording

    void mkdir(Path dir) {
        entry(dir.getParent(), dir.getFileName().toString(), newNode(true, null), null, "mkdir " + rel(dir));
    }

    int create(Path file) {
        int node = newNode(false, new byte[0]);
        entry(file.getParent(), file.getFileName().toString(), node, null, "create " + rel(file));
        return node;
    }

    void link(Path link, Path existing) {
        entry(
                link.getParent(),
                link.getFileName().toString(),
                lookup(existing),
                null,
                "link " + rel(link) + " -> " + rel(existing));
    }

    void unlink(Path p) {
        entry(p.getParent(), null, -1, p.getFileName().toString(), "unlink " + rel(p));
    }

    void rename(Path from, Path to) {
        int node = lookup(from);
        if (from.getParent().equals(to.getParent())) {
            entry(
                    to.getParent(),
                    to.getFileName().toString(),
                    node,
                    from.getFileName().toString(),
                    "rename " + rel(from) + " -> " + rel(to));
        } else {
            // Across directories the two entries are independent: the target may land without the source leaving.
            entry(to.getParent(), to.getFileName().toString(), node, null, "rename (new name) " + rel(to));
            entry(from.getParent(), null, -1, from.getFileName().toString(), "rename (old name) " + rel(from));
        }
    }

    private void entry(Path dirPath, String put, int node, String remove, String what) {
        int dir = lookup(dirPath);
        Map<String, Integer> entries = live.get(dir);
        if (remove != null) {
            entries.remove(remove);
        }
        if (put != null) {
            entries.put(put, node);
        }
        ops.add(new Entry(dir, put, node, remove, what));
    }

    void write(int node, long offset, byte[] bytes, Path file) {
        ops.add(new Write(node, offset, bytes, "write " + rel(file) + " @" + offset + " +" + bytes.length));
    }

    void truncate(int node, long size, Path file) {
        ops.add(new Truncate(node, size, "truncate " + rel(file) + " to " + size));
    }

    void fileSync(int node, Path file) {
        ops.add(new FileSync(node, "fsync " + rel(file)));
    }

    void dirSync(Path dir) {
        ops.add(new DirSync(lookup(dir), "fsync dir " + rel(dir)));
    }
}
