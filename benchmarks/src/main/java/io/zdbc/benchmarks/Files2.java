package io.zdbc.benchmarks;

import io.zdbc.api.ColumnData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch directories and the plain-FileChannel column writer the peers use. */
final class Files2 {
    /** Same chunk size as zdbc-mmap's column writer. */
    static final int CHUNK = 1 << 20;

    private Files2() {}

    /**
     * A fresh scratch directory under {@code -Dzdbc.bench.dir} (or {@code $ZDBC_BENCH_DIR}, or
     * {@code java.io.tmpdir}). It should be on the file system whose speed you want to measure.
     */
    static Path scratch(String prefix) {
        String base = System.getProperty("zdbc.bench.dir", System.getenv("ZDBC_BENCH_DIR"));
        try {
            Path parent = Path.of(base != null ? base : System.getProperty("java.io.tmpdir"));
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, "zdbc-bench-" + prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ByteBuffer chunkBuffer() {
        return ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Writes one column's values little-endian, as a plain Java program would: heap array →
     * direct buffer in 1 MiB chunks → {@link FileChannel#write}.
     */
    static void writeColumn(FileChannel ch, ColumnData col, ByteBuffer buf) throws IOException {
        switch (col.type()) {
            case I64: {
                long[] v = col.longs();
                for (int i = 0; i < v.length; ) {
                    int n = Math.min(v.length - i, CHUNK / 8);
                    buf.clear();
                    buf.asLongBuffer().put(v, i, n);
                    buf.limit(n * 8);
                    writeFully(ch, buf);
                    i += n;
                }
                break;
            }
            case F64: {
                double[] v = col.doubles();
                for (int i = 0; i < v.length; ) {
                    int n = Math.min(v.length - i, CHUNK / 8);
                    buf.clear();
                    buf.asDoubleBuffer().put(v, i, n);
                    buf.limit(n * 8);
                    writeFully(ch, buf);
                    i += n;
                }
                break;
            }
            default: {
                byte[] v = col.packedStrings();
                for (int i = 0; i < v.length; ) {
                    int n = Math.min(v.length - i, CHUNK);
                    buf.clear();
                    buf.put(v, i, n);
                    buf.flip();
                    writeFully(ch, buf);
                    i += n;
                }
            }
        }
    }

    static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
