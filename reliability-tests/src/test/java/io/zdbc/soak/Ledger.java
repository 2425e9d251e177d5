package io.zdbc.soak;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What the writers of other threads or another process have committed: for each table, the
 * states its owner declared before each commit (by commit number, "gen") and the last one whose
 * call returned. A reader that saw commit {@code a} acknowledged before it started must then see
 * a declared state of commit {@code a} or later: older is a lost commit or a stale answer,
 * undeclared is a torn or invented one.
 */
final class Ledger {
    /** States kept per table: far more than commits that can happen during one read. */
    private static final int KEPT = 512;

    private final Map<String, Entry> tables = new ConcurrentHashMap<>();
    /** Where declarations and acknowledgements are also written, for another process; or null. */
    private final PrintStream echo;

    Ledger(PrintStream echo) {
        this.echo = echo;
    }

    private static final class Entry {
        final NavigableMap<Long, String> declared = new TreeMap<>();
        long acked;

        Entry() {
            declared.put(0L, Rows.ABSENT);
        }
    }

    private Entry entry(String table) {
        return tables.computeIfAbsent(table, t -> new Entry());
    }

    /** Called before the commit that will make {@code table} be {@code state}. */
    void declare(String table, long gen, String state) {
        Entry e = entry(table);
        synchronized (e) {
            e.declared.put(gen, state);
            while (e.declared.size() > KEPT) {
                e.declared.pollFirstEntry();
            }
            e.notifyAll();
        }
        if (echo != null) {
            echo.println("GO " + table + " " + gen + " " + state);
        }
    }

    /** Called once the commit's call has returned. */
    void ack(String table, long gen) {
        Entry e = entry(table);
        synchronized (e) {
            e.acked = Math.max(e.acked, gen);
            e.notifyAll();
        }
        if (echo != null) {
            echo.println("OK " + table + " " + gen);
        }
    }

    long acked(String table) {
        Entry e = entry(table);
        synchronized (e) {
            return e.acked;
        }
    }

    List<String> tables() {
        return new ArrayList<>(tables.keySet());
    }

    /**
     * A state of {@code table} declared at commit {@code since} or later that {@code ok} accepts,
     * or null after {@code waitMillis}: the declarations of another process arrive through a
     * pipe, behind its commits, so a reader waits for newer ones before it calls a state wrong.
     */
    String find(String table, long since, Predicate<String> ok, long waitMillis) throws InterruptedException {
        Entry e = entry(table);
        long deadline = System.currentTimeMillis() + waitMillis;
        long checked = Long.MIN_VALUE;
        while (true) {
            List<String> fresh;
            synchronized (e) {
                fresh = new ArrayList<>(e.declared
                        .tailMap(Math.max(since, checked), checked < since)
                        .values());
                checked = e.declared.lastKey();
            }
            for (String state : fresh) {
                if (ok.test(state)) {
                    return state;
                }
            }
            synchronized (e) {
                while (e.declared.lastKey() == checked) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) {
                        return null;
                    }
                    e.wait(left);
                }
            }
        }
    }

    /** The states declared at commit {@code since} or later, for a failure message. */
    List<String> since(String table, long since) {
        Entry e = entry(table);
        synchronized (e) {
            return new ArrayList<>(e.declared.tailMap(since, true).values());
        }
    }

    /** Applies a line of another process's log: {@code GO table gen state} or {@code OK table gen}. */
    boolean apply(String line) {
        String[] w = line.split(" ");
        if (w[0].equals("GO") && w.length == 4) {
            declare(w[1], Long.parseLong(w[2]), w[3]);
            return true;
        }
        if (w[0].equals("OK") && w.length == 3) {
            ack(w[1], Long.parseLong(w[2]));
            return true;
        }
        return false;
    }
}
