package io.zdbc.format.impl;

import io.zdbc.api.DatabaseLockedException;
import io.zdbc.api.ZdbcIOException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer per database: a JVM-wide lock per lock file (file locks are per process, so threads
 * and several {@code Database} objects of one JVM must queue here first) and then an OS file lock
 * on {@code .zdbc/lock} for other processes. Held only while one write runs; readers never take it.
 */
final class WriterLock {
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path lockFile;
    private final ReentrantLock jvmLock;

    WriterLock(Path lockFile) {
        this.lockFile = lockFile;
        this.jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, k -> new ReentrantLock());
    }

    /** A held lock; closing releases it. */
    final class Held implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                throw new ZdbcIOException("releasing write lock " + lockFile, e);
            } finally {
                jvmLock.unlock();
            }
        }
    }

    Held acquire(Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try {
            if (!jvmLock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new DatabaseLockedException(lockFile, timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseLockedException(lockFile, (System.nanoTime() - start) / 1_000_000);
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long sleep = 1;
            while (true) {
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null;
                }
                if (l != null) {
                    return new Held(ch, l);
                }
                if (System.nanoTime() > deadline) {
                    throw new DatabaseLockedException(lockFile, (System.nanoTime() - start) / 1_000_000);
                }
                Thread.sleep(sleep);
                sleep = Math.min(sleep * 2, 50);
            }
        } catch (IOException e) {
            closeQuietly(ch);
            jvmLock.unlock();
            throw new ZdbcIOException("taking write lock " + lockFile, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(ch);
            jvmLock.unlock();
            throw new DatabaseLockedException(lockFile, (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            jvmLock.unlock();
            throw e;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
