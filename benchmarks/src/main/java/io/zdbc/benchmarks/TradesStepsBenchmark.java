package io.zdbc.benchmarks;

import static io.zdbc.api.query.Expressions.col;

import io.zdbc.api.Database;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.query.CompareOp;
import io.zdbc.api.query.LazyResult;
import io.zdbc.engine.impl.DatabaseServiceImpl;
import io.zdbc.spi.ColumnIO;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.StorageFormat;
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Selection;
import java.util.List;
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
 * Where the time of {@link TradesQueryBenchmark}'s cold queries goes, step by step (a profile, not
 * part of the summary; {@code run.sh TradesSteps}):
 *
 * <ul>
 * <li>{@code planOnly}: building the filter+sum {@link LazyResult} without collecting it.</li>
 * <li>{@code snapshot}: {@code db.read("trades", [sym, price, volume])} + close: the version check
 *     and views every collect opens (cold and cached alike).</li>
 * <li>{@code compareSym}, {@code comparePrice}: the two filter kernels, each building a bitmap.</li>
 * <li>{@code and}: AND of the two bitmaps.</li>
 * <li>{@code sumSelected}: {@code sumLong(volume, selection)} over the AND's bitmap (~1/8 of rows).</li>
 * <li>{@code sumAll}: {@code sumLong(volume, null)}: the unfiltered scan, for scale.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgs = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch", "--add-modules", "jdk.incubator.vector"})
public class TradesStepsBenchmark {
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
    private Selection symSel;
    private Selection priceSel;
    private Selection both;

    @Setup(Level.Trial)
    public void setup() {
        TradesTable t = new TradesTable(rows);
        t.prepare();
        k = TradesQueryBenchmark.kernels(kernels);
        db = new DatabaseServiceImpl(first(StorageFormat.class), first(ColumnIO.class), () -> k)
                .open(TradesTable.registry(rows), OpenOptions.readOnlyDefaults());
        held = db.read(TradesTable.TABLE, List.of("sym", "price", "volume"));
        sym = ColumnMemory.of(held.column("sym"));
        price = ColumnMemory.of(held.column("price"));
        volume = ColumnMemory.of(held.column("volume"));
        aapl = TradesTable.pack(TradesTable.FILTER_SYMBOL);
        symSel = compareSym();
        priceSel = comparePrice();
        both = and();
        Checks.equal("filter+sum (steps)", sumSelected(), t.filterSum);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        held.close();
        db.close();
    }

    private static <T> T first(Class<T> type) {
        for (T t : ServiceLoader.load(type, TradesStepsBenchmark.class.getClassLoader())) {
            return t;
        }
        throw new IllegalStateException("no " + type.getSimpleName() + " on the class path");
    }

    @Benchmark
    public LazyResult planOnly() {
        return db.table(TradesTable.TABLE)
                .where(col("sym").eq(TradesTable.FILTER_SYMBOL).and(col("price").gt(TradesTable.FILTER_PRICE)))
                .select("volume")
                .sum();
    }

    @Benchmark
    public long snapshot() {
        try (TableSnapshot s = db.read(TradesTable.TABLE, List.of("sym", "price", "volume"))) {
            return s.version();
        }
    }

    @Benchmark
    public Selection compareSym() {
        return k.compareLong(sym, CompareOp.EQ, aapl);
    }

    @Benchmark
    public Selection comparePrice() {
        return k.compareDouble(price, CompareOp.GT, TradesTable.FILTER_PRICE);
    }

    @Benchmark
    public Selection and() {
        return symSel.and(priceSel);
    }

    @Benchmark
    public long sumSelected() {
        return k.sumLong(volume, both);
    }

    @Benchmark
    public long sumAll() {
        return k.sumLong(volume, null);
    }
}
