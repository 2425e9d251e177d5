package io.zdbc.engine.query;

import io.zdbc.api.TableInfo;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.query.Aggregate;
import io.zdbc.api.query.LazyResult;
import io.zdbc.api.query.Result;
import io.zdbc.spi.Kernels;
import java.util.List;

/**
 * A lazy result that keeps its answer with the identity of the table version it was computed on.
 * The identity is the commit version plus the column files, so a table that was dropped and
 * created again (which restarts its version) never matches an old answer.
 */
final class CachedResult implements LazyResult {
    /** Tables whose COUNT answers are kept at most (then the map starts again). */
    static final int MAX_SHARED_COUNTS = 4096;

    private final QueryContext ctx;
    private final Plan plan;
    /** COUNT(*) alone, without a filter or groups, and not cut to no rows by LIMIT 0: answered from metadata. */
    private final boolean countOnly;

    private volatile Held held;

    /** An answer, the table version it is for, and what computed it (kernels' name, or "metadata"). */
    record Held(long version, List<?> identity, Result result, String by) {}

    CachedResult(QueryContext ctx, Plan plan) {
        this.ctx = ctx;
        this.plan = plan;
        this.countOnly = plan.where() == null
                && plan.groupBy().isEmpty()
                && plan.aggregates().size() == 1
                && plan.aggregates().get(0).fn == Aggregate.Fn.COUNT
                && plan.limit() != 0;
    }

    @Override
    public Result collect() {
        if (countOnly) {
            return countFromMetadata();
        }
        List<String> read = plan.columnsRead();
        try (TableSnapshot snap =
                read.isEmpty() ? ctx.db().read(plan.table()) : ctx.db().read(plan.table(), read)) {
            List<?> identity = identity(snap);
            Held h = held;
            if (h != null && h.version == snap.version() && h.identity.equals(identity)) {
                return h.result;
            }
            for (int attempt = 1; ; attempt++) {
                Kernels kernels = ctx.kernels();
                try {
                    Result r = new Executor(kernels, snap).run(plan);
                    held = new Held(snap.version(), identity, r, kernels.name() + " kernels");
                    return r;
                } catch (LinkageError e) {
                    // The kernels' bundle was updated while this query ran on it: its class loader
                    // is gone. A query only reads, so run it again on the kernels present now.
                    if (attempt >= 3 || ctx.kernels() == kernels) {
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * COUNT(*) without a filter: the row count from the commit record, no scan, no mapping. The
     * answer is the row count alone, so one per table serves every query object of this database
     * (it is immutable); this path allocates nothing when the count is known.
     */
    private Result countFromMetadata() {
        TableInfo info = ctx.db().info(plan.table());
        String name = plan.aggregates().get(0).name();
        Held shared = ctx.counts.get(plan.table());
        if (shared != null
                && shared.version == info.version()
                && (Long) shared.identity.get(0) == info.rows()
                && shared.result.names().get(0).equals(name)) {
            if (held != shared) {
                held = shared;
            }
            return shared.result;
        }
        Long rows = info.rows();
        Result r = new Result(List.of(name), List.<Object[]>of(new Object[] {rows}));
        Held h = new Held(info.version(), List.of(rows), r, "metadata");
        held = h;
        if (ctx.counts.size() > MAX_SHARED_COUNTS) {
            ctx.counts.clear(); // dropped tables' answers: no need to track them one by one
        }
        ctx.counts.put(plan.table(), h);
        return r;
    }

    private static List<?> identity(TableSnapshot snap) {
        Object files = snap instanceof VersionIdentity ? ((VersionIdentity) snap).versionIdentity() : snap.table();
        return List.of(snap.rows(), files);
    }

    @Override
    public LazyResult orderBy(String column, boolean descending) {
        return new CachedResult(ctx, plan.withOrder(column, descending));
    }

    @Override
    public LazyResult limit(long n) {
        return new CachedResult(ctx, plan.withLimit(n));
    }

    @Override
    public String explain() {
        Held h = held;
        return plan.explain()
                + (h == null
                        ? "(not collected yet)\n"
                        : "(cached answer for version " + h.version + ", computed by " + h.by + ")\n");
    }

    @Override
    public boolean isCached() {
        return held != null;
    }
}
