package io.zdbc.benchmarks;

import io.zdbc.api.ColumnData;
import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.benchdata.PlayersTable;
import io.zdbc.engine.Zdbc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * (3) Writing the whole table, rows × 5 columns × 8 bytes ({@code db.write}: atomic replace),
 * in FAST (no fsync) and DURABLE mode. Target ≥ 1 GB/s in FAST mode. The batch is built once in
 * setup; each operation replaces the table with it.
 *
 * <p>Peers, same bytes, same file lifecycle (create 5 new files, write, [fsync], close, delete the
 * previous 5):
 * <ul>
 * <li>{@code peerChannelFromHeap}: heap arrays → 1 MiB direct buffer → {@link FileChannel#write}
 *     (what any Java writer of these arrays must do); DURABLE adds {@code force} per file and a
 *     directory fsync.</li>
 * <li>{@code peerChannelFromDirect}: the bytes already in 5 direct buffers, one {@code write} per
 *     file: the kernel's copy into the page cache only (a lower bound).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
        value = 1,
        jvmArgs = {"-Xms4g", "-Xmx4g"})
public class WriteBenchmark {
    @Param({"10000000"})
    public int rows;

    @Param({"FAST", "DURABLE"})
    public Durability durability;

    private Path dir;
    private Database db;
    private PlayersTable players;
    private List<ColumnData> columns;
    private ByteBuffer chunk;
    private ByteBuffer[] direct;
    private Path peerDir;
    private int generation;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files2.scratch("write");
        db = Zdbc.open(dir.resolve("db"), OpenOptions.defaults().withDurability(durability));
        players = new PlayersTable(rows);
        columns = players.batch().columns();
        chunk = Files2.chunkBuffer();
        direct = new ByteBuffer[columns.size()];
        for (int i = 0; i < direct.length; i++) {
            direct[i] = ByteBuffer.allocateDirect(Math.multiplyExact(rows, 8)).order(ByteOrder.LITTLE_ENDIAN);
            ColumnData c = columns.get(i);
            switch (c.type()) {
                case I64:
                    direct[i].asLongBuffer().put(c.longs());
                    break;
                case F64:
                    direct[i].asDoubleBuffer().put(c.doubles());
                    break;
                default:
                    direct[i].put(c.packedStrings()).flip();
            }
        }
        peerDir = dir.resolve("peer");
        Files.createDirectories(peerDir);
        db.write(PlayersTable.TABLE, players.batch());
        if (db.count(PlayersTable.TABLE) != rows) {
            throw new AssertionError("row count after write");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        db.close();
        Files2.deleteTree(dir);
    }

    @Benchmark
    public void write() {
        db.write(PlayersTable.TABLE, players.batch());
    }

    @Benchmark
    public void peerChannelFromHeap() throws IOException {
        peerWrite(false);
    }

    @Benchmark
    public void peerChannelFromDirect() throws IOException {
        peerWrite(true);
    }

    private void peerWrite(boolean fromDirect) throws IOException {
        int gen = ++generation;
        boolean durable = durability == Durability.DURABLE;
        for (int i = 0; i < columns.size(); i++) {
            Path f = peerFile(gen, i);
            Files.deleteIfExists(f);
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                if (fromDirect) {
                    Files2.writeFully(ch, direct[i].duplicate());
                } else {
                    Files2.writeColumn(ch, columns.get(i), chunk);
                }
                if (durable) {
                    ch.force(true);
                }
            }
        }
        if (durable) {
            Files2.fsyncDirectory(peerDir);
        }
        for (int i = 0; i < columns.size(); i++) {
            Files.deleteIfExists(peerFile(gen - 1, i));
        }
    }

    private Path peerFile(int gen, int column) {
        return peerDir.resolve("g" + gen + "." + columns.get(column).name());
    }
}
