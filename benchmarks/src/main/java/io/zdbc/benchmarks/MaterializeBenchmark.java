package io.zdbc.benchmarks;

import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.Str8;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * (2) Materializing all 5 columns of the table to Java arrays (the file pages are in the page
 * cache after the first operation, as for any hot table).
 *
 * <ul>
 * <li>{@code materializeAll}: {@code read} + {@code long[]}, {@code String[]}, {@code double[]},
 *     {@code long[]}, {@code String[]} (strings decoded: one String object per row).</li>
 * <li>{@code copyAll}: {@code read} + {@link ColumnView#copy()} of every column: owned heap copies
 *     of the raw 8-byte values (str columns stay packed), i.e. rows × 40 bytes memcpy.</li>
 * <li>{@code peerHeapCopy}: peer of {@code copyAll}: {@code clone()} of the same 5 arrays
 *     (rows × 40 bytes) already on the heap.</li>
 * <li>{@code peerHeapDecode}: peer of {@code materializeAll}: numeric arrays cloned, the str
 *     columns decoded from heap-held packed bytes with the same {@link Str8#decode} zdbc uses.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgs = {"-Xms4g", "-Xmx4g"})
public class MaterializeBenchmark {
    @Param({"10000", "10000000"})
    public int rows;

    private Path dir;
    private Database db;
    private PlayersTable players;
    private byte[] packedName;
    private byte[] packedCategory;

    @Setup(Level.Trial)
    public void setup() {
        dir = Files2.scratch("materialize");
        db = Zdbc.open(dir.resolve("db"), OpenOptions.defaults().withDurability(Durability.FAST));
        players = new PlayersTable(rows);
        db.write(PlayersTable.TABLE, players.batch());
        packedName = players.packed("name");
        packedCategory = players.packed("category");
        try (TableSnapshot s = db.read(PlayersTable.TABLE)) {
            String[] names = s.column("name").toStringArray();
            if (!names[rows - 1].equals(players.name[rows - 1])
                    || s.column("id").getLong(rows - 1) != rows - 1) {
                throw new AssertionError("read back differs from what was written");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        db.close();
        Files2.deleteTree(dir);
    }

    @Benchmark
    public void materializeAll(Blackhole bh) {
        try (TableSnapshot s = db.read(PlayersTable.TABLE)) {
            bh.consume(s.column("id").toLongArray());
            bh.consume(s.column("name").toStringArray());
            bh.consume(s.column("score").toDoubleArray());
            bh.consume(s.column("active").toLongArray());
            bh.consume(s.column("category").toStringArray());
        }
    }

    @Benchmark
    public void copyAll(Blackhole bh) {
        try (TableSnapshot s = db.read(PlayersTable.TABLE)) {
            for (ColumnView v : s.columns()) {
                bh.consume(v.copy());
            }
        }
    }

    @Benchmark
    public void peerHeapCopy(Blackhole bh) {
        bh.consume(players.id.clone());
        bh.consume(packedName.clone());
        bh.consume(players.score.clone());
        bh.consume(players.active.clone());
        bh.consume(packedCategory.clone());
    }

    @Benchmark
    public void peerHeapDecode(Blackhole bh) {
        bh.consume(players.id.clone());
        bh.consume(decode(packedName));
        bh.consume(players.score.clone());
        bh.consume(players.active.clone());
        bh.consume(decode(packedCategory));
    }

    private static String[] decode(byte[] packed) {
        String[] out = new String[packed.length / Str8.WIDTH];
        for (int i = 0; i < out.length; i++) {
            out[i] = Str8.decode(packed, i * Str8.WIDTH);
        }
        return out;
    }
}
