package io.zdbc.engine.impl;

import io.zdbc.api.ServiceUnavailableException;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The best-ranked service of one kind while services of that kind come and go (bundles stopped,
 * updated, replaced in a running framework). Callers wait a bounded time for one to be present.
 */
final class ServiceSlot<T> {
    private final String what;
    /** By (ranking, -service id): the last entry is the one to use, as the OSGi ranking rules say. */
    private final ConcurrentSkipListMap<long[], T> services =
            new ConcurrentSkipListMap<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(b[1], a[1]));

    private volatile long generation;

    ServiceSlot(String what) {
        this.what = what;
    }

    /** A slot with one service that never changes (plain Java). */
    static <T> ServiceSlot<T> fixed(String what, T service) {
        ServiceSlot<T> s = new ServiceSlot<>(what);
        s.add(service, Map.of("service.id", 0L));
        return s;
    }

    synchronized void add(T service, Map<String, ?> props) {
        services.put(key(props), service);
        generation++;
        notifyAll();
    }

    synchronized void remove(T service, Map<String, ?> props) {
        services.remove(key(props), service);
        generation++;
    }

    /** Changes whenever a service comes or goes. */
    long generation() {
        return generation;
    }

    /** The current best service, or null. */
    T current() {
        Map.Entry<long[], T> e = services.lastEntry();
        return e == null ? null : e.getValue();
    }

    /** The current best service, waiting up to {@code timeoutMillis} for one to arrive. */
    T await(long timeoutMillis) {
        T s = current();
        if (s != null) {
            return s;
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (this) {
            while ((s = current()) == null) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw new ServiceUnavailableException("no " + what + " service arrived within " + timeoutMillis
                            + " ms (is its bundle stopped or being updated?); nothing was changed, retry later");
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ServiceUnavailableException("interrupted while waiting for a " + what + " service");
                }
            }
        }
        return s;
    }

    private static long[] key(Map<String, ?> props) {
        Object r = props.get("service.ranking");
        long ranking = r instanceof Integer ? (Integer) r : 0;
        Object id = props.get("service.id");
        return new long[] {ranking, id instanceof Number ? ((Number) id).longValue() : 0};
    }
}
