package io.zdbc.benchmarks;

import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.TableSnapshot;
import io.zdbc.benchdata.PlayersTable;
import io.zdbc.engine.Zdbc;
import java.nio.file.Path;
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
 * (1) Opening zero-copy views of all 5 columns: {@code db.read(table)} then close. Target ≤ 50 µs
 * at any row count.
 *
 * <ul>
 * <li>{@code openViews}: the steady state of a long-lived {@link Database}; its region cache
 *     already holds the mappings, so this is commit-record read + 5 view objects.</li>
 * <li>{@code openViewsFreshDatabase}: a read-only {@link Database} opened, read and closed per
 *     operation, so every op maps and unmaps the 5 column files (the cold path).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgs = {"-Xms4g", "-Xmx4g"})
public class OpenViewsBenchmark {
    @Param({"10000", "10000000"})
    public int rows;

    private Path dir;
    private Path registry;
    private Database db;

    @Setup(Level.Trial)
    public void setup() {
        dir = Files2.scratch("open");
        registry = dir.resolve("db");
        db = Zdbc.open(registry, OpenOptions.defaults().withDurability(Durability.FAST));
        db.write(PlayersTable.TABLE, new PlayersTable(rows).batch());
        try (TableSnapshot s = db.read(PlayersTable.TABLE)) {
            if (s.rows() != rows || s.columns().size() != PlayersTable.COLUMNS.size()) {
                throw new AssertionError("unexpected table shape: " + s.rows() + " rows");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        db.close();
        Files2.deleteTree(dir);
    }

    @Benchmark
    public long openViews() {
        try (TableSnapshot s = db.read(PlayersTable.TABLE)) {
            return s.rows() + s.columns().size();
        }
    }

    @Benchmark
    public long openViewsFreshDatabase() {
        try (Database ro = Zdbc.open(registry, OpenOptions.readOnlyDefaults());
                TableSnapshot s = ro.read(PlayersTable.TABLE)) {
            return s.rows() + s.columns().size();
        }
    }
}
