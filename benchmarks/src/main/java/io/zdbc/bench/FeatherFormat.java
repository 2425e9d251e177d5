package io.zdbc.bench;

import io.zdbc.benchdata.PlayersTable;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Feather v2 (the Arrow IPC file format) through Arrow Java 19: vectors filled with
 * {@code set(i, v)} after {@code allocateNew(n)}, one record batch holding every row, written by
 * {@link ArrowFileWriter} uncompressed or with ZSTD (Arrow's default level); read back by
 * {@link ArrowFileReader} into a {@link VectorSchemaRoot}. Arrow Java reads a record batch whole
 * (its IPC reader has no column projection and no memory mapping), so reading 1 or 2 columns costs
 * as much as reading all of them.
 */
final class FeatherFormat implements Format {
    static final String FILE = "players.arrow";
    private static final Schema SCHEMA = new Schema(List.of(
            field("id", new ArrowType.Int(64, true)),
            field("name", ArrowType.Utf8.INSTANCE),
            field("score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            field("active", new ArrowType.Int(64, true)),
            field("category", ArrowType.Utf8.INSTANCE)));

    private final boolean zstd;

    FeatherFormat(boolean zstd) {
        this.zstd = zstd;
    }

    private static Field field(String name, ArrowType type) {
        return new Field(name, new FieldType(false, type, null), null);
    }

    @Override
    public String name() {
        return zstd ? "Feather zstd" : "Feather";
    }

    @Override
    public String id() {
        return zstd ? "feather-zstd" : "feather";
    }

    @Override
    public String method() {
        return "Arrow Java 19 ArrowFileWriter, one record batch" + (zstd ? ", ZSTD buffers" : ", uncompressed")
                + "; read = ArrowFileReader.loadNextBatch (whole batch, no projection)";
    }

    @Override
    public void write(PlayersTable d, Path dir) throws Exception {
        int n = d.rows;
        try (BufferAllocator alloc = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, alloc)) {
            BigIntVector id = (BigIntVector) root.getVector(0);
            VarCharVector name = (VarCharVector) root.getVector(1);
            Float8Vector score = (Float8Vector) root.getVector(2);
            BigIntVector active = (BigIntVector) root.getVector(3);
            VarCharVector category = (VarCharVector) root.getVector(4);
            id.allocateNew(n);
            score.allocateNew(n);
            active.allocateNew(n);
            name.allocateNew(8L * n, n);
            category.allocateNew(8L * n, n);
            for (int i = 0; i < n; i++) {
                id.set(i, d.id[i]);
                score.set(i, d.score[i]);
                active.set(i, d.active[i]);
                name.setSafe(i, d.name[i].getBytes(StandardCharsets.UTF_8));
                category.setSafe(i, d.category[i].getBytes(StandardCharsets.UTF_8));
            }
            root.setRowCount(n);
            try (FileChannel ch = FileChannel.open(
                            dir.resolve(FILE), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    ArrowFileWriter w = zstd
                            ? new ArrowFileWriter(
                                    root,
                                    null,
                                    ch,
                                    null,
                                    IpcOption.DEFAULT,
                                    CommonsCompressionFactory.INSTANCE,
                                    CompressionUtil.CodecType.ZSTD,
                                    Optional.empty())
                            : new ArrowFileWriter(root, null, ch)) {
                w.start();
                w.writeBatch();
                w.end();
            }
        }
    }

    /** An open file with its one batch loaded; closing frees the buffers. */
    private static final class Open implements AutoCloseable {
        final BufferAllocator alloc = new RootAllocator();
        final FileChannel ch;
        final ArrowFileReader reader;
        final VectorSchemaRoot root;

        Open(Path dir) throws Exception {
            try {
                ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.READ);
                reader = new ArrowFileReader(ch, alloc, CommonsCompressionFactory.INSTANCE);
                if (!reader.loadNextBatch()) {
                    throw new BenchFailure("Feather file has no record batch");
                }
                root = reader.getVectorSchemaRoot();
            } catch (Exception | Error e) {
                close();
                throw e;
            }
        }

        @Override
        public void close() throws Exception {
            if (reader != null) {
                reader.close();
            }
            if (ch != null) {
                ch.close();
            }
            alloc.close();
        }
    }

    @Override
    public Loaded load(Path dir, List<String> columns) throws Exception {
        Open o = new Open(dir);
        return Loaded.of(o.root.getRowCount(), columns.size(), o);
    }

    @Override
    public Columns materialize(Path dir) throws Exception {
        try (Open o = new Open(dir)) {
            VectorSchemaRoot r = o.root;
            return new Columns(
                    longs((BigIntVector) r.getVector("id")),
                    strings((VarCharVector) r.getVector("name")),
                    doubles((Float8Vector) r.getVector("score")),
                    longs((BigIntVector) r.getVector("active")),
                    strings((VarCharVector) r.getVector("category")));
        }
    }

    private static long[] longs(BigIntVector v) {
        long[] a = new long[v.getValueCount()];
        for (int i = 0; i < a.length; i++) {
            a[i] = v.get(i);
        }
        return a;
    }

    private static double[] doubles(Float8Vector v) {
        double[] a = new double[v.getValueCount()];
        for (int i = 0; i < a.length; i++) {
            a[i] = v.get(i);
        }
        return a;
    }

    /** One bulk copy of the data buffer, then a String per value from its offsets. */
    private static String[] strings(VarCharVector v) {
        int n = v.getValueCount();
        String[] a = new String[n];
        byte[] data = new byte[n == 0 ? 0 : v.getEndOffset(n - 1)];
        v.getDataBuffer().getBytes(0, data);
        int start = 0;
        for (int i = 0; i < n; i++) {
            int end = v.getEndOffset(i);
            a[i] = new String(data, start, end - start, StandardCharsets.UTF_8);
            start = end;
        }
        return a;
    }

    @Override
    public Sums scan(Path dir) throws Exception {
        try (Open o = new Open(dir)) {
            BigIntVector id = (BigIntVector) o.root.getVector("id");
            Float8Vector score = (Float8Vector) o.root.getVector("score");
            BigIntVector active = (BigIntVector) o.root.getVector("active");
            int n = o.root.getRowCount();
            long a = 0;
            long c = 0;
            double b = 0;
            for (int i = 0; i < n; i++) {
                a += id.get(i);
                b += score.get(i);
                c += active.get(i);
            }
            return new Sums(a, b, c);
        }
    }
}
