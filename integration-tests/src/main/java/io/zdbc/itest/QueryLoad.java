package io.zdbc.itest;

import static io.zdbc.api.query.Expressions.col;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.ServiceUnavailableException;
import io.zdbc.api.TableSnapshot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Queries and appends running on other threads while a test swaps bundles. Every answer is
 * checked: table {@code seq} holds 0, 1, 2, ... in column {@code n}, so any consistent snapshot of
 * r rows sums to r(r-1)/2 and counts r. Errors other than the documented retryable one are
 * collected as failures.
 */
final class QueryLoad implements AutoCloseable {
    final AtomicLong answers = new AtomicLong();
    final AtomicLong retryable = new AtomicLong();
    final ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final Database db;
    private long appended;

    QueryLoad(Database db, int readers) {
        this.db = db;
        appended = 1000;
        long[] first = new long[1000];
        for (int i = 0; i < first.length; i++) {
            first[i] = i;
        }
        db.write("seq", Batch.builder().i64("n", first).build());
        for (int i = 0; i < readers; i++) {
            threads.add(new Thread(this::read, "zdbc-test-reader-" + i));
        }
        threads.add(new Thread(this::append, "zdbc-test-appender"));
        threads.forEach(Thread::start);
    }

    private void read() {
        int i = 0;
        while (!stop.get()) {
            try {
                if (i++ % 2 == 0) {
                    try (TableSnapshot s = db.read("seq");
                            ColumnView n = s.column("n")) {
                        long rows = s.rows();
                        long sum = 0;
                        for (long v : n.toLongArray()) {
                            sum += v;
                        }
                        check(sum == rows * (rows - 1) / 2, "view sum " + sum + " for " + rows + " rows");
                    }
                } else {
                    long count = db.table("seq").count().collect().asLong();
                    long below = db.table("seq")
                            .where(col("n").lt(500))
                            .count()
                            .collect()
                            .asLong();
                    check(count >= 1000 && below == 500, "count " + count + ", below 500: " + below);
                }
                answers.incrementAndGet();
            } catch (ServiceUnavailableException e) {
                retryable.incrementAndGet();
            } catch (RuntimeException | Error e) {
                unexpected(e);
            }
        }
    }

    private void append() {
        while (!stop.get()) {
            try {
                long[] more = new long[100];
                for (int i = 0; i < more.length; i++) {
                    more[i] = appended + i;
                }
                db.append("seq", Batch.builder().i64("n", more).build());
                appended += more.length;
                answers.incrementAndGet();
                Thread.sleep(2);
            } catch (ServiceUnavailableException e) {
                retryable.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                unexpected(e);
            }
        }
    }

    /** Keeps the first few with their stack traces: enough to diagnose, short enough to read. */
    private void unexpected(Throwable e) {
        if (wrong.size() < 5) {
            StringWriter w = new StringWriter();
            e.printStackTrace(new PrintWriter(w));
            wrong.add(Thread.currentThread().getName() + ": " + w);
        } else {
            dropped.incrementAndGet();
        }
    }

    final AtomicLong dropped = new AtomicLong();

    private void check(boolean ok, String what) {
        if (!ok) {
            wrong.add(Thread.currentThread().getName() + ": wrong answer: " + what);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(Timeouts.SERVICE_MS);
        }
    }
}
