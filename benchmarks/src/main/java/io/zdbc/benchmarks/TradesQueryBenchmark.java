package io.zdbc.benchmarks;

import static io.zdbc.api.query.Expressions.col;

import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.query.CompareOp;
import io.zdbc.api.query.LazyResult;
import io.zdbc.api.query.Predicate;
import io.zdbc.engine.impl.DatabaseServiceImpl;
import io.zdbc.spi.ColumnIO;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.StorageFormat;
import io.zdbc.spi.kernel.Aggregation;
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Condition;
import io.zdbc.spi.kernel.Selection;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (5) The trades query workload on {@link TradesTable} ({@code trades(sym, price, volume)}),
 * through the lazy DSL and through the kernels directly. Peers on the same files:
 * {@link TradesPeerBenchmark} (DuckDB, memory bandwidth) and {@code polars_bench.py} (Polars lazy).
 *
 * <ul>
 * <li>{@code vwap*}: {@code db.table("trades").vwap("price", "volume").collect()}.</li>
 * <li>{@code filterSum*}: {@code where(col("sym").eq("AAPL").and(col("price").gt(15000)))
 *     .select("volume").sum().collect()}.</li>
 * <li>{@code count*}: {@code count().collect()}: COUNT(*) from the commit record, no scan.</li>
 * <li>{@code *Cold}: the query is built and collected anew every operation (a new
 *     {@link LazyResult}: plan, snapshot, kernels, result); {@code *Cached}: one {@link LazyResult}
 *     collected again and again, so after the first operation it answers from its cache (it still
 *     checks the table's version every time).</li>
 * <li>{@code kernelVwap}, {@code kernelFilterSum}: the {@code kernels} implementation called
 *     directly on views held open (no snapshot, no plan): the compute floor of the DSL
 *     ({@code kernelFilterSum} is the fused {@code filterAggregate}; {@code kernelFilterSumBitmap}
 *     the bitmap kernels: compare, compare, AND, sum over the selection).</li>
 * <li>{@code countMetadata}: {@code db.count("trades")}, the metadata read the DSL's COUNT does.</li>
 * <li>{@code getColumn}: {@code db.column("trades", "volume")} (a zero-copy view) and close.</li>
 * </ul>
 *
 * The database is opened read-only with the chosen kernels fixed ({@code kernels} = the
 * {@link Kernels#name()} of an implementation on the class path: {@code scalar} from zdbc-kernels,
 * {@code simd} from zdbc-kernels-simd, which needs the fork's {@code --add-modules
 * jdk.incubator.vector}), so the DSL runs on them too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgs = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch", "--add-modules", "jdk.incubator.vector"})
public class TradesQueryBenchmark {
    @Param({"100000", "10000000"})
    public int rows;

    @Param({"scalar", "simd"})
    public String kernels;

    private Database db;
    private Kernels k;
    private TableSnapshot held;
    private ColumnMemory sym;
    private ColumnMemory price;
    private ColumnMemory volume;
    private long aapl;
    private LazyResult vwapResult;
    private LazyResult filterSumResult;
    private LazyResult countResult;

    @Setup(Level.Trial)
    public void setup() {
        TradesTable t = new TradesTable(rows);
        t.prepare();
        k = kernels(kernels);
        db = new DatabaseServiceImpl(first(StorageFormat.class), first(ColumnIO.class), () -> k)
                .open(TradesTable.registry(rows), OpenOptions.readOnlyDefaults());
        held = db.read(TradesTable.TABLE, List.of("sym", "price", "volume"));
        sym = ColumnMemory.of(held.column("sym"));
        price = ColumnMemory.of(held.column("price"));
        volume = ColumnMemory.of(held.column("volume"));
        aapl = TradesTable.pack(TradesTable.FILTER_SYMBOL);
        vwapResult = vwapQuery();
        filterSumResult = filterSumQuery();
        countResult = countQuery();
        // Every path must give the heap-computed answers (f64 sums: relative tolerance).
        Checks.close("vwap (DSL)", vwapResult.collect().asDouble(), t.vwap);
        Checks.close("vwap (kernel)", kernelVwap(), t.vwap);
        Checks.equal("filter+sum (DSL)", filterSumResult.collect().asLong(), t.filterSum);
        Checks.equal("filter+sum (kernel)", kernelFilterSum(), t.filterSum);
        Checks.equal("filter+sum (bitmap kernels)", kernelFilterSumBitmap(), t.filterSum);
        Checks.equal("count (DSL)", countResult.collect().asLong(), rows);
        Checks.equal("getColumn", getColumn(), rows);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        held.close();
        db.close();
    }

    /** The implementation on the class path whose {@link Kernels#name()} is {@code name}. */
    static Kernels kernels(String name) {
        List<String> seen = new ArrayList<>();
        Iterator<Kernels> it = ServiceLoader.load(Kernels.class, TradesQueryBenchmark.class.getClassLoader())
                .iterator();
        while (true) {
            Kernels c;
            try {
                if (!it.hasNext()) {
                    break;
                }
                c = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                seen.add("(one that does not load: " + e + ")");
                continue;
            }
            if (c.name().equals(name)) {
                return c;
            }
            seen.add(c.name());
        }
        throw new IllegalArgumentException("no kernels named '" + name + "' on the class path (found " + seen + ")");
    }

    private static <T> T first(Class<T> type) {
        for (T t : ServiceLoader.load(type, TradesQueryBenchmark.class.getClassLoader())) {
            return t;
        }
        throw new IllegalStateException("no " + type.getSimpleName() + " on the class path");
    }

    private static Predicate filter() {
        return col("sym").eq(TradesTable.FILTER_SYMBOL).and(col("price").gt(TradesTable.FILTER_PRICE));
    }

    private LazyResult vwapQuery() {
        return db.table(TradesTable.TABLE).vwap("price", "volume");
    }

    private LazyResult filterSumQuery() {
        return db.table(TradesTable.TABLE).where(filter()).select("volume").sum();
    }

    private LazyResult countQuery() {
        return db.table(TradesTable.TABLE).count();
    }

    // ------------------------------------------------------------------ VWAP

    @Benchmark
    public double vwapCold() {
        return vwapQuery().collect().asDouble();
    }

    @Benchmark
    public double vwapCached() {
        return vwapResult.collect().asDouble();
    }

    @Benchmark
    public double kernelVwap() {
        return k.vwap(price, volume, null);
    }

    // ------------------------------------------------------------------ filter + sum

    @Benchmark
    public long filterSumCold() {
        return filterSumQuery().collect().asLong();
    }

    @Benchmark
    public long filterSumCached() {
        return filterSumResult.collect().asLong();
    }

    /** The fused kernel the DSL calls ({@link Kernels#filterAggregate}). */
    @Benchmark
    public long kernelFilterSum() {
        return (Long) k.filterAggregate(
                        rows,
                        List.of(
                                Condition.compareLong(sym, CompareOp.EQ, aapl),
                                Condition.compareDouble(price, CompareOp.GT, TradesTable.FILTER_PRICE)),
                        List.of(Aggregation.sum(volume)))
                .get(0);
    }

    /** The bitmap kernels: a selection per comparison, AND, sum over the selection (before the fused kernel). */
    @Benchmark
    public long kernelFilterSumBitmap() {
        Selection s = k.compareLong(sym, CompareOp.EQ, aapl)
                .and(k.compareDouble(price, CompareOp.GT, TradesTable.FILTER_PRICE));
        return k.sumLong(volume, s);
    }

    // ------------------------------------------------------------------ COUNT(*)

    @Benchmark
    public long countCold() {
        return countQuery().collect().asLong();
    }

    @Benchmark
    public long countCached() {
        return countResult.collect().asLong();
    }

    @Benchmark
    public long countMetadata() {
        return db.count(TradesTable.TABLE);
    }

    // ------------------------------------------------------------------ get column

    @Benchmark
    public long getColumn() {
        try (ColumnView v = db.column(TradesTable.TABLE, "volume")) {
            return v.rows();
        }
    }
}
