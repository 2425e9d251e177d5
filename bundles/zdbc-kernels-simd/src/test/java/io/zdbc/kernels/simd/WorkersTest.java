package io.zdbc.kernels.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The worker threads that split scans ({@link Workers}): every part once, failures, idle end, close. */
class WorkersTest {
    @Test
    void everyPartRunsExactlyOnceWhoeverRunsIt() {
        try (Workers w = new Workers(3)) {
            for (int round = 0; round < 200; round++) {
                int parts = 1 + round % 13;
                AtomicIntegerArray runs = new AtomicIntegerArray(parts);
                w.run(parts, runs::incrementAndGet);
                for (int i = 0; i < parts; i++) {
                    assertEquals(1, runs.get(i), "part " + i + " of " + parts + " in round " + round);
                }
            }
        }
    }

    @Test
    void aFailingPartIsRethrownOnlyAfterEveryPartEnded() {
        try (Workers w = new Workers(2)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(8);
            IllegalStateException boom = new IllegalStateException("part 5");
            IllegalStateException thrown = assertThrows(
                    IllegalStateException.class,
                    () -> w.run(8, i -> {
                        runs.incrementAndGet(i);
                        if (i == 5) {
                            throw boom;
                        }
                    }));
            assertSame(boom, thrown);
            for (int i = 0; i < 8; i++) {
                assertEquals(1, runs.get(i), "part " + i);
            }
        }
    }

    @Test
    void idleWorkersEndAfterTheKeepAliveAndTheNextScanStartsThemAgain() throws InterruptedException {
        try (Workers w = new Workers(2)) {
            w.run(2, i -> {});
            assertEquals(1, w.liveThreads());
            awaitLiveThreads(w, 0, TimeUnit.NANOSECONDS.toMillis(Workers.KEEP_ALIVE_NANOS) + 5_000);
            AtomicIntegerArray runs = new AtomicIntegerArray(4);
            w.run(4, runs::incrementAndGet);
            assertEquals(1, w.liveThreads());
            for (int i = 0; i < 4; i++) {
                assertEquals(1, runs.get(i));
            }
        }
    }

    @Test
    void closeEndsTheThreadsAndLaterScansRunOnTheCaller() {
        Workers w = new Workers(3);
        w.run(3, i -> {});
        assertEquals(2, w.liveThreads());
        w.close();
        assertEquals(0, w.liveThreads());
        Thread caller = Thread.currentThread();
        w.run(5, i -> assertSame(caller, Thread.currentThread()));
        assertEquals(0, w.liveThreads());
    }

    @Test
    void anInterruptedWorkerStillParks() throws InterruptedException {
        try (Workers w = new Workers(2)) {
            Thread[] worker = new Thread[1];
            w.run(2, i -> {
                if (Thread.currentThread().getName().startsWith("zdbc-kernels-")) {
                    worker[0] = Thread.currentThread();
                }
            });
            if (worker[0] != null) {
                worker[0].interrupt();
                // Spinning on a park that returns at once it would stay RUNNABLE until the
                // keep-alive ends it; parked it waits (within the 200 us spin and some slack).
                long until = System.nanoTime() + TimeUnit.NANOSECONDS.toNanos(Workers.KEEP_ALIVE_NANOS / 2);
                while (worker[0].getState() == Thread.State.RUNNABLE && System.nanoTime() < until) {
                    Thread.sleep(1);
                }
                assertEquals(Thread.State.TIMED_WAITING, worker[0].getState());
            }
        }
    }

    private static void awaitLiveThreads(Workers w, int n, long millis) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (w.liveThreads() != n && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertEquals(n, w.liveThreads());
    }
}
