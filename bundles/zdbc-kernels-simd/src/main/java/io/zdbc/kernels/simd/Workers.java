package io.zdbc.kernels.simd;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A few threads that help a scan: {@link #run(int, IntConsumer)} splits it into parts, the
 * calling thread and whichever workers are idle claim parts one at a time until none is left,
 * and the call returns when every part is done. A caller never waits for a worker to become free:
 * when all are busy (other queries), it runs every part itself. So the answer does not depend on
 * who ran which part, only on the number of parts, which the kernels derive from the row count
 * and {@link #threads()}.
 *
 * <p>Why not {@code ForkJoinPool}: a query on a table in cache takes tens of microseconds, about
 * what it costs to wake a parked thread. A worker here spins for {@link #SPIN_NANOS} after its last
 * part before it parks, so queries that come in a stream (a dashboard, a benchmark loop) find it
 * awake, and a late worker costs nothing: the caller has claimed its part by then.
 *
 * <p>Threads start on the first parallel call, are daemons with no context class loader and no
 * inherited thread locals (they must not keep a bundle's class loader alive), end after
 * {@link #KEEP_ALIVE_NANOS} without work (an idle database holds no threads; the next parallel
 * scan starts them again) and stop on {@link #close()}, which the SIMD kernels component calls
 * when it is deactivated.
 */
final class Workers implements AutoCloseable {
    /** How long an idle worker looks for work before it parks. */
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    /** How often a caller whose own parts are done looks again, once it stopped spinning. */
    static final long WAIT_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    /** How long an idle worker waits before its thread ends (the next parallel scan starts another). */
    static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final AtomicInteger POOLS = new AtomicInteger();

    /** One scan split into parts. */
    private static final class Job {
        final IntConsumer task;
        final int parts;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(IntConsumer task, int parts) {
            this.task = task;
            this.parts = parts;
        }

        /** Claims and runs parts until none is left. */
        void help() {
            for (int i; (i = next.getAndIncrement()) < parts; ) {
                try {
                    task.accept(i);
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    /** What a retired worker's slot holds: no job can be offered to it any more. */
    private static final Job RETIRED = new Job(i -> {}, 0);

    private final class Worker implements Runnable {
        final AtomicReference<Job> offered = new AtomicReference<>();
        final Thread thread;
        volatile boolean parked;

        Worker(int pool, int index) {
            // No inherited thread locals, no context class loader: nothing of the thread that
            // happened to start it (a query) stays reachable from the worker. The name carries
            // the class loader's identity, so a thread dump tells which bundle revision owns it.
            thread = new Thread(
                    null,
                    this,
                    "zdbc-kernels-" + pool + "-" + index + "@"
                            + Integer.toHexString(System.identityHashCode(Workers.class.getClassLoader())),
                    0,
                    false);
            thread.setDaemon(true);
            thread.setPriority(Thread.NORM_PRIORITY);
            thread.setContextClassLoader(null);
        }

        /** Hands the job over if this worker is idle. */
        boolean offer(Job job) {
            if (!offered.compareAndSet(null, job)) {
                return false;
            }
            if (parked) {
                LockSupport.unpark(thread);
            }
            return true;
        }

        boolean retired() {
            return offered.get() == RETIRED;
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (!closed) {
                Job job = offered.get();
                if (job != null) {
                    job.help();
                    offered.set(null);
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else if (System.nanoTime() - idleSince >= KEEP_ALIVE_NANOS) {
                    if (offered.compareAndSet(null, RETIRED)) {
                        restart = true;
                        return;
                    }
                } else {
                    parked = true;
                    if (offered.get() == null && !closed) {
                        LockSupport.parkNanos(this, KEEP_ALIVE_NANOS);
                        // The pool never interrupts; an interrupt from outside must not make park
                        // return at once for ever after.
                        Thread.interrupted();
                    }
                    parked = false;
                }
            }
        }
    }

    private final int threads;
    /** Slots of the workers; a slot's worker may have retired (idle past the keep-alive). */
    private final Worker[] workers;
    /** Set when a slot needs a (new) thread: at first, and after a worker retired. */
    private volatile boolean restart = true;

    private volatile boolean closed;
    private int pool;

    /** {@code threads}: the caller plus {@code threads - 1} workers. */
    Workers(int threads) {
        this.threads = Math.max(1, threads);
        this.workers = new Worker[this.threads - 1];
    }

    /** Worker threads alive now (tests). */
    int liveThreads() {
        int n = 0;
        for (Worker w : workers) {
            if (w != null && w.thread.isAlive()) {
                n++;
            }
        }
        return n;
    }

    /** Threads a scan can use, the caller's included. */
    int threads() {
        return threads;
    }

    /** Runs {@code task} for every part in {@code [0, parts)}; rethrows the first failure. */
    void run(int parts, IntConsumer task) {
        Job job = new Job(task, parts);
        if (parts > 1 && threads > 1 && !closed) {
            Worker[] ws = started();
            for (int i = 0; i < ws.length && i < parts - 1; i++) {
                Worker w = ws[i];
                if (w != null) {
                    w.offer(job);
                }
            }
        }
        job.help();
        // Parts claimed by workers are running: they take about as long as ours did. Spin for
        // the microseconds of a scan in cache; past that (a part of a scan from memory takes
        // milliseconds) poll every 20 us and leave the core to others.
        for (int spins = 0; job.done.get() < parts; spins++) {
            if (spins < 1 << 14) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(WAIT_POLL_NANOS);
            }
        }
        Throwable failure = job.failure;
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** The workers, with a running thread in every slot unless closed (or threads cannot start). */
    private Worker[] started() {
        if (restart) {
            synchronized (this) {
                if (restart && !closed) {
                    restart = false;
                    if (pool == 0) {
                        pool = POOLS.incrementAndGet();
                    }
                    for (int i = 0; i < workers.length; i++) {
                        if (workers[i] == null || workers[i].retired()) {
                            Worker w = new Worker(pool, i);
                            try {
                                w.thread.start();
                            } catch (OutOfMemoryError | RuntimeException e) {
                                // No thread to be had: the caller runs the parts itself.
                                w.offered.set(RETIRED);
                            }
                            workers[i] = w;
                        }
                    }
                }
            }
        }
        return workers;
    }

    /** Stops the workers and waits for them (briefly: a part is a few milliseconds at most). */
    @Override
    public void close() {
        Worker[] ws;
        synchronized (this) {
            closed = true;
            ws = workers.clone();
        }
        for (Worker w : ws) {
            if (w != null) {
                LockSupport.unpark(w.thread);
            }
        }
        for (Worker w : ws) {
            try {
                if (w != null) {
                    w.thread.join(TimeUnit.SECONDS.toMillis(10));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
