package io.zdbc.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Operations done and answers checked, by kind, and the failures found, shared by the workers. */
final class Stats {
    /** Failures kept in full; the soak stops after this many. */
    static final int MAX_FAILURES = 20;

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private volatile boolean stop;

    void count(String kind) {
        add(kind, 1);
    }

    void add(String kind, long n) {
        counts.computeIfAbsent(kind, k -> new LongAdder()).add(n);
    }

    long get(String kind) {
        LongAdder a = counts.get(kind);
        return a == null ? 0 : a.sum();
    }

    /** Records a failure; the workers stop once there are {@link #MAX_FAILURES}. */
    synchronized void fail(String what) {
        failures.add(what);
        if (failures.size() >= MAX_FAILURES) {
            stop = true;
        }
    }

    synchronized List<String> failures() {
        return new ArrayList<>(failures);
    }

    boolean stopped() {
        return stop;
    }

    void stop() {
        stop = true;
    }

    /** Sums by prefix ("op.", "check."), e.g. for the closing line. */
    long total(String prefix) {
        long n = 0;
        for (Map.Entry<String, LongAdder> e : counts.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                n += e.getValue().sum();
            }
        }
        return n;
    }

    /** An unexpected exception, with where it was thrown, in a few lines. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.toString());
        StackTraceElement[] st = e.getStackTrace();
        for (int i = 0; i < Math.min(8, st.length); i++) {
            sb.append("\n    at ").append(st[i]);
        }
        if (e.getCause() != null) {
            sb.append("\n  caused by ").append(e.getCause());
        }
        return sb.toString();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
