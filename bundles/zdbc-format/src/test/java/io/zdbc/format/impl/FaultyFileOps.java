package io.zdbc.format.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Fails the N-th matching file operation with an IOException (QuestDB's FilesFacade idea,
 * LevelDB's fault_injection_test). Every FileOps method that can throw IOException counts, and so
 * do column data writes made through {@link TestColumnIO}. Composite operations count themselves
 * and their parts: {@code writeAtomically} is one call, and its delete, open, write, force, rename
 * and directory fsync are further calls.
 *
 * <p>{@link Mode#BEFORE} fails without doing the operation (a crash just before it);
 * {@link Mode#AFTER} does it and then fails (the step happened but the caller never learns so).
 * A column write failing BEFORE writes half its bytes first: a torn write.
 */
class FaultyFileOps extends FileOps {
    enum Mode {
        BEFORE,
        AFTER
    }

    /** Thrown by the fault; tests check it was this and not a real error. */
    static final class InjectedFault extends IOException {
        private static final long serialVersionUID = 1L;

        InjectedFault(String message) {
            super(message);
        }
    }

    private final String op;
    private final Predicate<Path> where;
    private final int failAt;
    private final Mode mode;
    private final Map<FileChannel, Path> channels = new IdentityHashMap<>();
    private final List<String> trace = new ArrayList<>();
    private int calls;
    private String fired;

    /**
     * @param op     operation name to count ({@code "rename"}, {@code "writeAtomically"}...), or null for every operation
     * @param where  which paths count (null: all)
     * @param failAt the 1-based index of the matching call that fails; 0 never fails
     */
    FaultyFileOps(String op, Predicate<Path> where, int failAt, Mode mode) {
        this.op = op;
        this.where = where;
        this.failAt = failAt;
        this.mode = mode;
    }

    static FaultyFileOps nthCall(int n, Mode mode) {
        return new FaultyFileOps(null, null, n, mode);
    }

    /** Null if no fault was injected, else what failed. */
    String fired() {
        return fired;
    }

    int matchingCalls() {
        return calls;
    }

    List<String> trace() {
        return trace;
    }

    /** Counts a call; returns its index if it matches, else 0. Fails it now in BEFORE mode. */
    private int enter(String name, Path p) throws IOException {
        trace.add(name + " " + p);
        if ((op != null && !op.equals(name)) || (where != null && (p == null || !where.test(p)))) {
            return 0;
        }
        calls++;
        if (calls == failAt && mode == Mode.BEFORE) {
            throw fire(name, p);
        }
        return calls;
    }

    private void exit(int n, String name, Path p) throws IOException {
        if (n != 0 && n == failAt && mode == Mode.AFTER) {
            throw fire(name, p);
        }
    }

    private InjectedFault fire(String name, Path p) {
        fired = name + " #" + calls + " (" + mode + ") on " + p;
        return new InjectedFault("injected fault: " + fired);
    }

    void columnWrite(FileChannel ch, ByteBuffer buf) throws IOException {
        Path p = channels.get(ch);
        int n;
        try {
            n = enter("columnWrite", p);
        } catch (InjectedFault e) {
            ByteBuffer half = buf.duplicate();
            half.limit(buf.position() + buf.remaining() / 2);
            while (half.hasRemaining()) {
                ch.write(half);
            }
            throw e;
        }
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        exit(n, "columnWrite", p);
    }

    interface IoCall<T> {
        T run() throws IOException;
    }

    /** Counts the call, fails it BEFORE or AFTER; a call that fails by itself at the chosen index fails with the fault. */
    private <T> T call(String name, Path p, IoCall<T> c) throws IOException {
        int n = enter(name, p);
        T result;
        try {
            result = c.run();
        } catch (IOException e) {
            if (n != 0 && n == failAt && mode == Mode.AFTER) {
                InjectedFault f = fire(name, p);
                f.addSuppressed(e);
                throw f;
            }
            throw e;
        }
        exit(n, name, p);
        return result;
    }

    @Override
    byte[] readAll(Path file) throws IOException {
        return call("readAll", file, () -> super.readAll(file));
    }

    @Override
    long size(Path file) throws IOException {
        return call("size", file, () -> super.size(file));
    }

    @Override
    boolean isSameFile(Path a, Path b) throws IOException {
        return call("isSameFile", a, () -> super.isSameFile(a, b));
    }

    @Override
    void createDirectories(Path dir) throws IOException {
        call("createDirectories", dir, () -> {
            super.createDirectories(dir);
            return null;
        });
    }

    @Override
    FileChannel openForWrite(Path file, boolean create) throws IOException {
        FileChannel[] opened = new FileChannel[1];
        try {
            return call(create ? "openForWrite" : "openExisting", file, () -> {
                opened[0] = super.openForWrite(file, create);
                channels.put(opened[0], file);
                return opened[0];
            });
        } catch (InjectedFault e) {
            if (opened[0] != null) {
                opened[0].close();
            }
            throw e;
        }
    }

    @Override
    void write(FileChannel ch, ByteBuffer buf) throws IOException {
        Path p = channels.get(ch);
        int n;
        try {
            n = enter("write", p);
        } catch (InjectedFault e) {
            ByteBuffer half = buf.duplicate();
            half.limit(buf.position() + buf.remaining() / 2);
            super.write(ch, half);
            throw e;
        }
        super.write(ch, buf);
        exit(n, "write", p);
    }

    @Override
    void force(FileChannel ch) throws IOException {
        Path p = channels.get(ch);
        call("force", p, () -> {
            super.force(ch);
            return null;
        });
    }

    @Override
    void truncate(Path file, long size) throws IOException {
        call("truncate", file, () -> {
            super.truncate(file, size);
            return null;
        });
    }

    @Override
    void rename(Path from, Path to) throws IOException {
        call("rename", to, () -> {
            super.rename(from, to);
            return null;
        });
    }

    @Override
    void link(Path link, Path existing) throws IOException {
        call("link", link, () -> {
            super.link(link, existing);
            return null;
        });
    }

    @Override
    boolean deleteIfExists(Path p) throws IOException {
        return call("deleteIfExists", p, () -> super.deleteIfExists(p));
    }

    @Override
    List<Path> list(Path dir) throws IOException {
        return call("list", dir, () -> super.list(dir));
    }

    @Override
    void fsyncDirectory(Path dir) throws IOException {
        call("fsyncDirectory", dir, () -> {
            super.fsyncDirectory(dir);
            return null;
        });
    }

    @Override
    void writeAtomically(Path target, byte[] content, boolean durable) throws IOException {
        call("writeAtomically", target, () -> {
            super.writeAtomically(target, content, durable);
            return null;
        });
    }
}
