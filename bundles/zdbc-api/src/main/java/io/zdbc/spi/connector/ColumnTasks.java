package io.zdbc.spi.connector;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs one task per column of a batch (decode a column chunk, encode a column) on the calling
 * thread and up to {@code threads - 1} helpers from the common fork-join pool, so an import or
 * export uses the cores without starting threads of its own. Tasks must touch only their own
 * column's state. The caller never waits for a helper that has not started: it takes every task
 * no helper has taken. A failure is reported as a one-thread run would report it: the exception of
 * the lowest-numbered failing task is rethrown.
 *
 * <pre>{@code
 * ColumnTasks.run(columns.length, ColumnTasks.threads(), c -> decode(c, rows));
 * }</pre>
 */
@ProviderType
public final class ColumnTasks {
    /** System property giving the threads of an import or export (default: the available processors). */
    public static final String THREADS_PROPERTY = "zdbc.transfer.threads";

    private ColumnTasks() {}

    /** {@value #THREADS_PROPERTY}, or the available processors; at least 1. */
    public static int threads() {
        Integer n = Integer.getInteger(THREADS_PROPERTY);
        return Math.max(1, n != null ? n : Runtime.getRuntime().availableProcessors());
    }

    /**
     * Runs {@code task.accept(i)} for i in {@code [0, tasks)} on at most {@code threads} threads
     * and returns when all have finished.
     *
     * @throws RuntimeException or Error: the one thrown by the lowest-numbered failing task
     */
    public static void run(int tasks, int threads, IntConsumer task) {
        int helpers = Math.min(threads, tasks) - 1;
        if (helpers <= 0) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        Run r = new Run(tasks, task);
        for (int h = 0; h < helpers; h++) {
            ForkJoinPool.commonPool().execute(r::work);
        }
        r.work();
        r.awaitAndRethrow();
    }

    /** One call's shared state: the next task to take, the tasks finished, and their failures. */
    private static final class Run {
        private final AtomicInteger next = new AtomicInteger();
        private final IntConsumer task;
        private final Throwable[] failures;
        private int finished;

        Run(int tasks, IntConsumer task) {
            this.task = task;
            this.failures = new Throwable[tasks];
        }

        void work() {
            for (int i = next.getAndIncrement(); i < failures.length; i = next.getAndIncrement()) {
                Throwable failure = null;
                try {
                    task.accept(i);
                } catch (Throwable t) {
                    failure = t;
                }
                synchronized (this) {
                    failures[i] = failure;
                    if (++finished == failures.length) {
                        notifyAll();
                    }
                }
            }
        }

        synchronized void awaitAndRethrow() {
            boolean interrupted = false;
            while (finished < failures.length) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // the helpers use this call's buffers: let them finish
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            for (Throwable t : failures) {
                if (t instanceof RuntimeException) {
                    throw (RuntimeException) t;
                }
                if (t instanceof Error) {
                    throw (Error) t;
                }
                if (t != null) {
                    throw new IllegalStateException(t);
                }
            }
        }
    }
}
