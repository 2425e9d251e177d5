package io.zdbc.benchmarks;

import io.zdbc.api.ColumnData;
import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.benchdata.PlayersTable;
import io.zdbc.engine.Zdbc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
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
 * (4) Appending batches of {@code batchRows} rows × 5 columns ({@code db.append}, one atomic
 * commit per batch). Target ≥ 5 M rows/s in FAST mode. The table is emptied before every
 * iteration, so it grows only by what one iteration appends.
 *
 * <p>Peer {@code peerChannelAppend}: the same bytes appended to 5 plain files, each opened,
 * written (heap → 1 MiB direct buffer → {@link FileChannel#write}), [fsync'ed] and closed per
 * batch, as zdbc does, but without zdbc's lock, intent and commit files.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgs = {"-Xms4g", "-Xmx4g"})
public class AppendBenchmark {
    @Param({"10000"})
    public int batchRows;

    @Param({"FAST"})
    public Durability durability;

    private Path dir;
    private Database db;
    private PlayersTable players;
    private List<ColumnData> columns;
    private ByteBuffer chunk;
    private Path[] peerFiles;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files2.scratch("append");
        db = Zdbc.open(dir.resolve("db"), OpenOptions.defaults().withDurability(durability));
        players = new PlayersTable(batchRows);
        columns = players.batch().columns();
        chunk = Files2.chunkBuffer();
        Path peerDir = Files.createDirectories(dir.resolve("peer"));
        peerFiles = new Path[columns.size()];
        for (int i = 0; i < peerFiles.length; i++) {
            peerFiles[i] = peerDir.resolve(columns.get(i).name());
        }
    }

    @Setup(Level.Iteration)
    public void emptyTables() throws IOException {
        if (db.exists(PlayersTable.TABLE)) {
            db.drop(PlayersTable.TABLE);
        }
        db.create(PlayersTable.TABLE, PlayersTable.DEFS);
        for (Path f : peerFiles) {
            Files.deleteIfExists(f);
            Files.createFile(f);
        }
    }

    @TearDown(Level.Iteration)
    public void check() {
        if (db.count(PlayersTable.TABLE) % batchRows != 0) {
            throw new AssertionError("row count is not a multiple of the batch size");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        db.close();
        Files2.deleteTree(dir);
    }

    @Benchmark
    public void append() {
        db.append(PlayersTable.TABLE, players.batch());
    }

    @Benchmark
    public void peerChannelAppend() throws IOException {
        boolean durable = durability == Durability.DURABLE;
        for (int i = 0; i < peerFiles.length; i++) {
            try (FileChannel ch = FileChannel.open(peerFiles[i], StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                Files2.writeColumn(ch, columns.get(i), chunk);
                if (durable) {
                    ch.force(true);
                }
            }
        }
    }
}
