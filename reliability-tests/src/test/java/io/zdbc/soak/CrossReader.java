package io.zdbc.soak;

import io.zdbc.api.Database;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.VerifyReport;
import io.zdbc.api.query.LazyResult;
import io.zdbc.api.query.Result;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Reads tables other writers own (other threads, the other process) while they change: every
 * snapshot, row count and query answer must be one of the states the owner declared at or after
 * the commit it had acknowledged when the read began. Held queries whose tables another process
 * changed must answer for the new version. Runs {@code verify()} now and then.
 */
final class CrossReader implements Runnable {
    /** How long a reader waits for another process's declaration before it calls a state wrong. */
    private static final long WAIT_MILLIS = 15_000;

    private final String name;
    /** Where it reads: a read-only instance of its own, which takes no lock and keeps its own caches. */
    private final Database db;
    /** A writable instance, for verify() (which holds the writer lock so that it sees no commit half-done). */
    private final Database verifier;

    private final Rows rows;
    private final List<Ledger> ledgers;
    private final Stats stats;
    private final SplittableRandom rnd;
    private final long deadline;
    private final long verifyEveryMillis;
    private final Map<String, List<Probe.Held>> standing = new HashMap<>();
    private final Map<String, Rows.Values> values = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Rows.Values> e) {
            return size() > 16;
        }
    };

    CrossReader(
            String name,
            Database db,
            Database verifier,
            Rows rows,
            List<Ledger> ledgers,
            Stats stats,
            long seed,
            long deadline,
            long verifyEveryMillis) {
        this.name = name;
        this.db = db;
        this.verifier = verifier;
        this.rows = rows;
        this.ledgers = ledgers;
        this.stats = stats;
        this.rnd = new SplittableRandom(seed);
        this.deadline = deadline;
        this.verifyEveryMillis = verifyEveryMillis;
    }

    @Override
    public void run() {
        long nextVerify = System.currentTimeMillis() + verifyEveryMillis;
        try {
            while (!stats.stopped() && System.currentTimeMillis() < deadline) {
                if (System.currentTimeMillis() >= nextVerify) {
                    verify();
                    nextVerify = System.currentTimeMillis() + verifyEveryMillis;
                }
                Ledger l = ledgers.get(rnd.nextInt(ledgers.size()));
                List<String> tables = l.tables();
                if (tables.isEmpty()) {
                    Thread.sleep(5);
                    continue;
                }
                String t = tables.get(rnd.nextInt(tables.size()));
                long since = l.acked(t);
                int op = rnd.nextInt(10);
                if (op < 4) {
                    snapshot(l, t, since);
                } else if (op < 6) {
                    count(l, t, since);
                } else if (op < 7) {
                    exists(l, t, since);
                } else {
                    query(l, t, since);
                }
            }
        } catch (Throwable e) {
            stats.fail(name + ": " + Stats.describe(e));
        }
    }

    private void verify() {
        VerifyReport r = verifier.verify();
        stats.count("check.verify");
        if (!r.ok()) {
            stats.fail(name + ": verify while others write: " + r.problems());
        }
    }

    private void snapshot(Ledger l, String t, long since) throws InterruptedException {
        String seen;
        try (TableSnapshot s = db.read(t)) {
            seen = Rows.show(rows.segments(s));
        } catch (NoSuchTableException e) {
            seen = Rows.ABSENT;
        }
        String want = seen;
        stats.count("check.cross.read");
        if (l.find(t, since, want::equals, WAIT_MILLIS) == null) {
            stats.fail(name + ": " + t + " read as " + seen + ", which is none of the states since commit " + since
                    + ": " + l.since(t, since));
        }
    }

    private void count(Ledger l, String t, long since) throws InterruptedException {
        long n;
        try {
            n = db.count(t);
        } catch (NoSuchTableException e) {
            n = -1;
        }
        long seen = n;
        stats.count("check.cross.count");
        if (l.find(t, since, s -> (s.equals(Rows.ABSENT) ? -1 : Rows.rows(Rows.parse(s))) == seen, WAIT_MILLIS)
                == null) {
            stats.fail(name + ": count(" + t + ") is " + seen + ", which fits none of the states since commit " + since
                    + ": " + l.since(t, since));
        }
    }

    /** The table list (cached per change count) must agree with the owner's too. */
    private void exists(Ledger l, String t, long since) throws InterruptedException {
        boolean seen = db.tables().contains(t);
        stats.count("check.cross.exists");
        if (l.find(t, since, s -> s.equals(Rows.ABSENT) != seen, WAIT_MILLIS) == null) {
            stats.fail(name + ": tables() " + (seen ? "lists " : "does not list ") + t + ", which fits none of the "
                    + "states since commit " + since + ": " + l.since(t, since));
        }
    }

    private void query(Ledger l, String t, long since) throws InterruptedException {
        List<Probe.Held> held = standing.computeIfAbsent(t, x -> new ArrayList<>());
        Probe.Held h;
        if (held.isEmpty() || rnd.nextInt(3) == 0) {
            Probe p = Probe.random(t, rnd, 3000);
            h = new Probe.Held(p, p.dsl(db), p.sql(db));
            if (held.size() < 4) {
                held.add(h);
            }
            stats.count("op.cross-query." + p.kind);
        } else {
            h = held.get(rnd.nextInt(held.size()));
            stats.count("op.cross-query.standing");
        }
        boolean sql = rnd.nextBoolean();
        LazyResult q = sql ? h.sql() : h.dsl();
        Result r;
        try {
            r = q.collect();
        } catch (NoSuchTableException e) {
            r = null;
        }
        Result got = r;
        stats.count(sql ? "check.cross.sql" : "check.cross.dsl");
        if (l.find(t, since, s -> fits(h.probe(), got, s, sql), WAIT_MILLIS) == null) {
            List<String> why = new ArrayList<>();
            for (String s : l.since(t, since)) {
                why.add(s + ": "
                        + (s.equals(Rows.ABSENT)
                                ? "absent"
                                : got == null ? "no such table" : h.probe().mismatch(got, values(s), sql)));
            }
            stats.fail(name + ": " + h.probe() + (sql ? "" : " (DSL)") + " on " + t + " fits none of the states since "
                    + "commit " + since + ": " + why);
        }
    }

    private boolean fits(Probe p, Result r, String state, boolean sql) {
        if (state.equals(Rows.ABSENT) || r == null) {
            return state.equals(Rows.ABSENT) && r == null;
        }
        return p.mismatch(r, values(state), sql) == null;
    }

    private Rows.Values values(String state) {
        return values.computeIfAbsent(state, s -> rows.values(Rows.parse(s)));
    }
}
