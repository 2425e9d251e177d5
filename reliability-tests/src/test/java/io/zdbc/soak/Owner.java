package io.zdbc.soak;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Database;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.TableInfo;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.query.LazyResult;
import io.zdbc.api.query.Result;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.Connector;
import io.zdbc.spi.connector.TransferOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;

/**
 * A writer that owns some tables: it creates, appends to, rewrites, drops, imports into and
 * exports them, and knows exactly what each holds. After every commit it reads the table back
 * (no lost commit), and it checks queries, fresh ones and ones held since earlier versions
 * (cache invalidation), against its model. Other readers learn its commits from its ledger.
 */
final class Owner implements Runnable {
    /** Rows past which a table is rewritten rather than appended to. */
    private static final long MAX_ROWS = 80_000;
    /** Queries held per table and collected again after later commits. */
    private static final int STANDING = 6;

    private final String name;
    private final Database db;
    private final Path scratchDir;
    private final Rows rows;
    private final Ledger ledger;
    private final Stats stats;
    private final SplittableRandom rnd;
    private final long deadline;
    private final List<String> tables = new ArrayList<>();
    private final Map<String, List<long[]>> model = new HashMap<>();
    private final Map<String, List<Probe.Held>> standing = new HashMap<>();
    private final List<Connector> connectors = new ArrayList<>();
    private long gen;

    Owner(
            String name,
            long firstGen,
            Database db,
            Path scratchDir,
            Rows rows,
            Ledger ledger,
            Stats stats,
            long seed,
            long deadline) {
        this.name = name;
        this.gen = firstGen;
        this.db = db;
        this.scratchDir = scratchDir;
        this.rows = rows;
        this.ledger = ledger;
        this.stats = stats;
        this.rnd = new SplittableRandom(seed);
        this.deadline = deadline;
        for (String t : new String[] {"t0", "t1", "deep/t2"}) {
            tables.add(name + "/" + t);
        }
        ServiceLoader.load(Connector.class, Owner.class.getClassLoader()).forEach(connectors::add);
    }

    @Override
    public void run() {
        try (Database scratch = Zdbc.open(scratchDir.resolve("scratch"))) {
            while (!stats.stopped() && System.currentTimeMillis() < deadline) {
                step(scratch);
            }
        } catch (Throwable e) {
            // The model may not know whether the failed call committed: this owner stops.
            stats.fail(name + ": " + Stats.describe(e));
        }
    }

    private void step(Database scratch) throws IOException {
        String t = tables.get(rnd.nextInt(tables.size()));
        List<long[]> cur = model.get(t);
        int op = rnd.nextInt(100);
        boolean full = cur != null && (Rows.rows(cur) > MAX_ROWS || cur.size() > 40);
        if (cur == null) {
            if (op < 30) {
                commit("create", t, new ArrayList<>(), () -> db.create(t, Rows.COLUMNS));
            } else if (op < 75) {
                write(t);
            } else {
                importRows(scratch, t, null);
            }
        } else if (op < 30 && !full) {
            append(t, cur);
        } else if (op < 42) {
            write(t);
        } else if (op < 47) {
            commit("drop", t, null, () -> db.drop(t));
        } else if (op < 55 && !full) {
            importRows(scratch, t, cur);
        } else if (op < 63) {
            exportAndReimport(scratch, t, cur);
        } else {
            query(t, cur);
        }
    }

    private void write(String t) {
        long g = ++gen;
        int n = rnd.nextInt(8) == 0 ? 33_000 + rnd.nextInt(30_000) : rnd.nextInt(10) == 0 ? 0 : rnd.nextInt(3000);
        List<long[]> next = new ArrayList<>();
        if (n > 0) {
            next.add(new long[] {g, n});
        }
        commit("write", t, next, () -> db.write(t, rows.batch(g, 0, n)));
    }

    private void append(String t, List<long[]> cur) {
        long g = ++gen;
        long first = Rows.rows(cur);
        int n = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 40_000 : 2000);
        List<long[]> next = plus(cur, g, n);
        if (rnd.nextBoolean()) {
            commit("append", t, next, () -> db.append(t, rows.batch(g, first, n)));
        } else {
            // Streamed in several batches, still one commit.
            int parts = 1 + rnd.nextInt(4);
            List<Batch> batches = new ArrayList<>();
            for (int p = 0, done = 0; p < parts; p++) {
                int len = p == parts - 1 ? n - done : (n - done) / 2;
                batches.add(rows.batch(g, first + done, len));
                done += len;
            }
            commit("append-streamed", t, next, () -> db.append(t, batches.iterator()));
        }
    }

    private static List<long[]> plus(List<long[]> cur, long g, long n) {
        List<long[]> next = new ArrayList<>(cur);
        next.add(new long[] {g, n});
        return next;
    }

    /** Rows written to a file by a connector (from a scratch database), then imported into {@code t}. */
    private void importRows(Database scratch, String t, List<long[]> cur) throws IOException {
        Connector c = connectors.get(rnd.nextInt(connectors.size()));
        long g = ++gen;
        long first = cur == null ? 0 : Rows.rows(cur);
        int n = 1 + rnd.nextInt(3000);
        scratch.write("src", rows.batch(g, first, n));
        Path f = scratchDir.resolve("in-" + g + "." + c.extensions().get(0));
        c.exportTable(scratch, "src", f, TransferOptions.defaults());
        List<long[]> next = cur == null ? List.of(new long[] {g, n}) : plus(cur, g, n);
        commit("import." + c.format(), t, next, () -> c.importFile(f, db, t, options(c)));
        Files.delete(f);
    }

    /** Exports {@code t}, imports the file into the scratch database, and checks it holds the same rows. */
    private void exportAndReimport(Database scratch, String t, List<long[]> cur) throws IOException {
        Connector c = connectors.get(rnd.nextInt(connectors.size()));
        Path f = scratchDir.resolve("out-" + gen + "." + c.extensions().get(0));
        c.exportTable(db, t, f, TransferOptions.defaults());
        if (scratch.exists("copy")) {
            scratch.drop("copy");
        }
        c.importFile(f, scratch, "copy", options(c));
        Files.delete(f);
        try (TableSnapshot s = scratch.read("copy")) {
            String got = Rows.show(rows.segments(s));
            if (!got.equals(Rows.show(cur))) {
                stats.fail(name + ": " + t + " exported to " + c.format() + " and imported again is " + got + ", not "
                        + Rows.show(cur));
            }
        }
        stats.count("op.export." + c.format());
        stats.count("check.export-reimport");
    }

    private static TransferOptions options(Connector c) {
        Map<String, ColumnType> types = new HashMap<>();
        for (ColumnDef d : Rows.COLUMNS) {
            types.put(d.name(), d.type());
        }
        // Type inference from CSV text is not under test: an x column of whole numbers would be i64.
        return c.format().equals("csv") ? TransferOptions.defaults().withTypes(types) : TransferOptions.defaults();
    }

    /** Declares the state, runs the change, acknowledges it, then checks the table reads back as that state. */
    private void commit(String kind, String t, List<long[]> next, Runnable change) {
        long g = kind.equals("create") || kind.equals("drop") ? ++gen : gen;
        ledger.declare(t, g, Rows.show(next));
        change.run();
        ledger.ack(t, g);
        model.put(t, next);
        stats.count("op." + kind);
        checkTable(t, next);
    }

    private void checkTable(String t, List<long[]> want) {
        if (want == null) {
            try (TableSnapshot s = db.read(t)) {
                stats.fail(name + ": " + t + " was dropped but still reads as version " + s.version());
            } catch (NoSuchTableException expected) {
                stats.count("check.read");
            }
            if (db.exists(t)) {
                stats.fail(name + ": " + t + " was dropped but exists() says it is there");
            }
        } else {
            try (TableSnapshot s = db.read(t)) {
                String got = Rows.show(rows.segments(s));
                if (!got.equals(Rows.show(want))) {
                    stats.fail(name + ": " + t + " reads as " + got + " after the commit of " + Rows.show(want));
                }
            }
            TableInfo info = db.info(t);
            if (info.rows() != Rows.rows(want) || !info.columns().equals(Rows.COLUMNS)) {
                stats.fail(name + ": " + t + " metadata says " + info.rows() + " rows " + info.columns()
                        + ", the model " + Rows.rows(want));
            }
            stats.add("check.read", 2);
        }
        List<Probe.Held> held = standing.getOrDefault(t, List.of());
        if (!held.isEmpty()) {
            check(t, held.get(rnd.nextInt(held.size())), want, "standing");
        }
    }

    private void query(String t, List<long[]> cur) {
        Probe p = Probe.random(t, rnd, Rows.rows(cur));
        Probe.Held h = new Probe.Held(p, p.dsl(db), p.sql(db));
        check(t, h, cur, "fresh");
        check(t, h, cur, "again"); // the cached answer
        List<Probe.Held> held = standing.computeIfAbsent(t, x -> new ArrayList<>());
        if (held.size() < STANDING) {
            held.add(h);
        } else {
            held.set(rnd.nextInt(STANDING), h);
        }
        stats.count("op.query." + p.kind);
    }

    private void check(String t, Probe.Held h, List<long[]> want, String when) {
        Rows.Values v = want == null ? null : rows.values(want);
        checkOne(t, h.probe(), h.dsl(), v, false, when);
        checkOne(t, h.probe(), h.sql(), v, true, when);
    }

    private void checkOne(String t, Probe p, LazyResult q, Rows.Values v, boolean sql, String when) {
        Result r;
        try {
            r = q.collect();
        } catch (NoSuchTableException e) {
            r = null;
        }
        String kind = (sql ? "check.sql." : "check.dsl.") + when;
        stats.count(kind);
        String wrong = v == null
                ? (r == null ? null : "an answer for a dropped table: " + r)
                : r == null ? "no such table" : p.mismatch(r, v, sql);
        if (wrong != null) {
            stats.fail(name + ": " + kind + " on " + t + " at " + Rows.show(model.get(t)) + ": " + p
                    + (sql ? "" : " (DSL)") + ": " + wrong);
        }
    }
}
