package io.zdbc.engine.query;

import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Str8;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.api.query.Aggregate;
import io.zdbc.api.query.Result;
import io.zdbc.engine.impl.RawValues;
import io.zdbc.spi.kernel.Selection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;

/**
 * Hash aggregation on one or more i64/str keys (compared by their raw 8 bytes), all aggregates
 * in one pass over the selected rows. Large tables are split into row ranges aggregated on
 * their own threads and merged in range order. Groups come out ordered by their keys.
 */
final class GroupBy {
    /** Rows per chunk: the key and input buffers of a chunk stay in the L1/L2 caches. */
    static final int CHUNK = 2048;
    /** Tables below this many rows are aggregated on the calling thread alone. */
    static final long PARALLEL_MIN_ROWS = 1L << 16;

    private final TableSnapshot snap;
    private final List<ColumnView> keys = new ArrayList<>();
    private final List<Aggregate> aggs;
    private final ColumnView[] inputs;
    private final ColumnView[] volumes;
    private final int parts;

    GroupBy(TableSnapshot snap, List<String> keyNames, List<Aggregate> aggs) {
        this(
                snap,
                keyNames,
                aggs,
                snap.rows() < PARALLEL_MIN_ROWS
                        ? 1
                        : Math.min(8, Math.max(1, Runtime.getRuntime().availableProcessors())));
    }

    /** {@code parts}: how many row ranges (and threads) the rows are split into. */
    GroupBy(TableSnapshot snap, List<String> keyNames, List<Aggregate> aggs, int parts) {
        this.snap = snap;
        this.aggs = aggs;
        this.parts = parts;
        for (String k : keyNames) {
            ColumnView v = snap.column(k);
            if (v.type() == ColumnType.F64) {
                throw new ZdbcException("cannot group by f64 column '" + k + "' of table '" + snap.table()
                        + "'; group by i64 or str columns");
            }
            keys.add(v);
        }
        inputs = new ColumnView[aggs.size()];
        volumes = new ColumnView[aggs.size()];
        for (int i = 0; i < aggs.size(); i++) {
            Aggregate a = aggs.get(i);
            if (a.column != null) {
                inputs[i] = snap.column(a.column);
                if (inputs[i].type() == ColumnType.STR) {
                    throw new ZdbcException(a.name() + ": column '" + a.column + "' is str; it needs i64 or f64");
                }
            }
            if (a.second != null) {
                volumes[i] = snap.column(a.second);
            }
        }
    }

    /** One row range's groups and aggregates. */
    private final class Part {
        final GroupKeys groups = new GroupKeys(keys.size());
        final GroupAggregates acc = new GroupAggregates(aggs, inputs, volumes, CHUNK);

        Part run(Selection sel, long from, long to) {
            long[][] keyBuf = new long[keys.size()][CHUNK];
            int[] idx = new int[CHUNK];
            int[] gid = new int[CHUNK];
            for (long c = from; c < to; c += CHUNK) {
                int len = (int) Math.min(CHUNK, to - c);
                int m = selected(sel, c, len, idx);
                if (m == 0) {
                    continue;
                }
                for (int k = 0; k < keyBuf.length; k++) {
                    RawValues.read(keys.get(k), c, keyBuf[k], 0, len);
                }
                if (keyBuf.length == 1) {
                    long[] kb = keyBuf[0];
                    for (int j = 0; j < m; j++) {
                        gid[j] = groups.id(kb[idx[j]]);
                    }
                } else {
                    for (int j = 0; j < m; j++) {
                        gid[j] = groups.id(keyBuf, idx[j]);
                    }
                }
                acc.ensure(groups.groups());
                acc.add(c, len, idx, gid, m);
            }
            return this;
        }

        void merge(Part other) {
            int[] remap = new int[other.groups.groups()];
            for (int g = 0; g < remap.length; g++) {
                remap[g] = groups.idOf(other.groups, g);
            }
            acc.merge(other.acc, remap, groups.groups());
        }
    }

    /** The offsets within the chunk [c, c + len) of its selected rows, in {@code idx}; their count. */
    private static int selected(Selection sel, long c, int len, int[] idx) {
        if (sel == null) {
            for (int j = 0; j < len; j++) {
                idx[j] = j;
            }
            return len;
        }
        long[] words = sel.words();
        int m = 0;
        // Chunks start at multiples of 64 rows, so each word covers one 64-row block of the chunk.
        for (int w = 0; w * 64 < len; w++) {
            int wi = (int) ((c >>> 6) + w);
            if (wi >= words.length) {
                break;
            }
            long bits = words[wi];
            while (bits != 0) {
                int r = w * 64 + Long.numberOfTrailingZeros(bits);
                if (r >= len) {
                    break;
                }
                idx[m++] = r;
                bits &= bits - 1;
            }
        }
        return m;
    }

    Result run(Selection sel) {
        long rows = sel == null ? snap.rows() : Math.min(snap.rows(), sel.rows());
        Part all = aggregate(sel, rows);
        return result(all);
    }

    private Part aggregate(Selection sel, long rows) {
        if (parts <= 1 || rows < 2L * CHUNK) {
            return new Part().run(sel, 0, rows);
        }
        // Part boundaries on chunk multiples keep every chunk aligned to whole selection words.
        long per = (rows / parts + CHUNK - 1) / CHUNK * CHUNK;
        List<CompletableFuture<Part>> rest = new ArrayList<>();
        for (int p = 1; p < parts && p * per < rows; p++) {
            long from = p * per;
            long to = Math.min(rows, from + per);
            rest.add(CompletableFuture.supplyAsync(() -> new Part().run(sel, from, to), ForkJoinPool.commonPool()));
        }
        Part first = new Part().run(sel, 0, Math.min(rows, per));
        for (CompletableFuture<Part> f : rest) {
            try {
                first.merge(f.join());
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException) {
                    throw (RuntimeException) e.getCause();
                }
                throw e;
            }
        }
        return first;
    }

    private Result result(Part all) {
        int n = all.groups.groups();
        int[] order = sortedGroups(all.groups, n);
        List<String> names = new ArrayList<>();
        List<Object[]> cols = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            names.add(keys.get(k).name());
            boolean str = keys.get(k).type() == ColumnType.STR;
            Object[] col = new Object[n];
            for (int g = 0; g < n; g++) {
                long raw = all.groups.key(order[g], k);
                col[g] = str ? Str8.decode(raw) : (Object) raw;
            }
            cols.add(col);
        }
        for (int i = 0; i < aggs.size(); i++) {
            names.add(aggs.get(i).name());
            Object[] col = new Object[n];
            for (int g = 0; g < n; g++) {
                col[g] = all.acc.finish(i, order[g]);
            }
            cols.add(col);
        }
        return new Result(names, cols);
    }

    /** Group ids ordered by key: i64 as signed numbers, str as its 8 stored bytes, unsigned. */
    private int[] sortedGroups(GroupKeys groups, int n) {
        int[] order = new int[n];
        if (keys.size() == 1) {
            boolean str = keys.get(0).type() == ColumnType.STR;
            long[] sortable = new long[n];
            for (int g = 0; g < n; g++) {
                sortable[g] = sortable(groups.key(g, 0), str);
            }
            Arrays.sort(sortable);
            for (int g = 0; g < n; g++) {
                order[g] = groups.id(raw(sortable[g], str));
            }
            return order;
        }
        Integer[] boxed = new Integer[n];
        for (int g = 0; g < n; g++) {
            boxed[g] = g;
        }
        Arrays.sort(boxed, (a, b) -> {
            for (int k = 0; k < keys.size(); k++) {
                boolean str = keys.get(k).type() == ColumnType.STR;
                int c = Long.compare(sortable(groups.key(a, k), str), sortable(groups.key(b, k), str));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        for (int g = 0; g < n; g++) {
            order[g] = boxed[g];
        }
        return order;
    }

    /** A long whose signed order is the key's order (str: big-endian bytes, unsigned). */
    private static long sortable(long raw, boolean str) {
        return str ? Long.reverseBytes(raw) ^ Long.MIN_VALUE : raw;
    }

    private static long raw(long sortable, boolean str) {
        return str ? Long.reverseBytes(sortable ^ Long.MIN_VALUE) : sortable;
    }
}
