package io.zdbc.spi.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Column tasks run once each on up to the given threads, and fail as a one-thread run would. */
class ColumnTasksTest {
    @Test
    void everyTaskRunsExactlyOnceWhateverTheThreads() {
        for (int threads = 1; threads <= 4; threads++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(37);
            ColumnTasks.run(37, threads, runs::incrementAndGet);
            for (int i = 0; i < 37; i++) {
                assertEquals(1, runs.get(i), "task " + i + " with " + threads + " threads");
            }
        }
    }

    @Test
    void theLowestFailingTaskIsRethrownAfterAllHaveFinished() {
        IllegalStateException second = new IllegalStateException("task 2");
        AtomicIntegerArray runs = new AtomicIntegerArray(8);
        RuntimeException thrown = assertThrows(
                RuntimeException.class,
                () -> ColumnTasks.run(8, 2, i -> {
                    runs.incrementAndGet(i);
                    if (i == 2) {
                        throw second;
                    }
                    if (i == 5) {
                        throw new IllegalArgumentException("task 5");
                    }
                }));
        assertSame(second, thrown);
        for (int i = 0; i < 8; i++) {
            assertEquals(1, runs.get(i), "task " + i);
        }
    }

    @Test
    void anErrorIsRethrownAsItIs() {
        StackOverflowError e = new StackOverflowError("deep");
        assertSame(
                e,
                assertThrows(
                        StackOverflowError.class,
                        () -> ColumnTasks.run(3, 2, i -> {
                            if (i == 1) {
                                throw e;
                            }
                        })));
    }
}
