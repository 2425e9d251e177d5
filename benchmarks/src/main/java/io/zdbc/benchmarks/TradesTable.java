package io.zdbc.benchmarks;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnData;
import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.Str8;
import io.zdbc.api.TableInfo;
import io.zdbc.api.TableSnapshot;
import io.zdbc.engine.Zdbc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The trades query workload's table: {@code trades(sym str, price f64, volume i64)}, 24 bytes a
 * row on disk. Deterministic (fixed seed): {@code sym} is one of {@link #SYMBOLS}, drawn uniformly,
 * so {@code 'AAPL'} is about 1/4 of the rows; {@code price} is 14000.00–16000.00 (cents), so
 * {@code price > 15000} keeps about half; {@code volume} is 1–10000.
 *
 * <p>The database is written once per row count to {@code $ZDBC_BENCH_DIR/trades-<rows>/db}
 * and reused (a stamp file says which generator wrote it), so every JMH fork, the DuckDB load and
 * the Polars script ({@code polars_bench.py}) read the very same column files. {@link #main}
 * prepares them ahead of a run: {@code java <flags> -cp zdbc-benchmarks.jar
 * io.zdbc.benchmarks.TradesTable 100000 10000000} prints one directory per line.
 */
final class TradesTable {
    static final String TABLE = "trades";
    static final String[] SYMBOLS = {"AAPL", "MSFT", "GOOG", "AMZN"};
    static final String FILTER_SYMBOL = "AAPL";
    static final double FILTER_PRICE = 15000;
    /** Columns a VWAP reads (price, volume) and the filter+sum reads (sym, price, volume). */
    static final long VWAP_ROW_BYTES = 16;

    static final long FILTER_SUM_ROW_BYTES = 24;
    /** Bump when the generator changes: older prepared databases are then rewritten. */
    private static final String STAMP = "trades generator 1";

    final int rows;
    /** Index into {@link #SYMBOLS} per row. */
    final byte[] symIndex;
    /** {@code sym} as stored: the 8 padded bytes as a little-endian long (what the str kernels compare). */
    final long[] symPacked;

    final double[] price;
    final long[] volume;

    /** Answers computed on these heap arrays, to check every engine against. */
    final double vwap;

    final long filterSum;

    TradesTable(int rows) {
        this.rows = rows;
        SplittableRandom rnd = new SplittableRandom(0x5eed000L);
        long[] packedSymbols = new long[SYMBOLS.length];
        for (int s = 0; s < SYMBOLS.length; s++) {
            packedSymbols[s] = pack(SYMBOLS[s]);
        }
        symIndex = new byte[rows];
        symPacked = new long[rows];
        price = new double[rows];
        volume = new long[rows];
        double pv = 0;
        double vol = 0;
        long fsum = 0;
        for (int i = 0; i < rows; i++) {
            int s = rnd.nextInt(SYMBOLS.length);
            symIndex[i] = (byte) s;
            symPacked[i] = packedSymbols[s];
            price[i] = (1_400_000 + rnd.nextInt(200_001)) / 100.0;
            volume[i] = 1 + rnd.nextInt(10_000);
            pv += price[i] * volume[i];
            vol += volume[i];
            if (s == 0 && price[i] > FILTER_PRICE) {
                fsum += volume[i];
            }
        }
        if (!SYMBOLS[0].equals(FILTER_SYMBOL)) {
            throw new AssertionError("the filter symbol must be SYMBOLS[0]");
        }
        vwap = pv / vol;
        filterSum = fsum;
    }

    String sym(int row) {
        return SYMBOLS[symIndex[row]];
    }

    /** A str value as the kernels take it: its 8 padded bytes read as a little-endian long. */
    static long pack(String s) {
        byte[] b = Str8.encode(s);
        long p = 0;
        for (int i = 7; i >= 0; i--) {
            p = (p << 8) | (b[i] & 0xFF);
        }
        return p;
    }

    Batch batch() {
        byte[] packed = new byte[rows * 8];
        byte[][] enc = new byte[SYMBOLS.length][];
        for (int s = 0; s < SYMBOLS.length; s++) {
            enc[s] = Str8.encode(SYMBOLS[s]);
        }
        for (int i = 0; i < rows; i++) {
            System.arraycopy(enc[symIndex[i]], 0, packed, i * 8, 8);
        }
        return Batch.of(List.of(
                ColumnData.ofPackedStrings("sym", packed),
                ColumnData.ofDoubles("price", price),
                ColumnData.ofLongs("volume", volume)));
    }

    /** {@code $ZDBC_BENCH_DIR/trades-<rows>} (or under {@code -Dzdbc.bench.dir}, or the temp dir). */
    static Path directory(int rows) {
        String base = System.getProperty("zdbc.bench.dir", System.getenv("ZDBC_BENCH_DIR"));
        Path parent = Path.of(base != null ? base : System.getProperty("java.io.tmpdir"));
        return parent.resolve("trades-" + rows).toAbsolutePath();
    }

    static Path registry(int rows) {
        return directory(rows).resolve("db");
    }

    /**
     * Makes sure {@code trades-<rows>/db} holds exactly this table (writes it if not) and writes
     * {@code expected.json} beside it with the answers. Returns the directory.
     */
    Path prepare() {
        Path dir = directory(rows);
        Path stamp = dir.resolve("stamp");
        String want = STAMP + ", rows " + rows;
        try {
            if (Files.exists(stamp) && Files.readString(stamp).equals(want) && matches(registry(rows))) {
                return dir;
            }
            Files2.deleteTree(dir);
            Files.createDirectories(dir);
            try (Database db = Zdbc.open(registry(rows), OpenOptions.defaults().withDurability(Durability.DURABLE))) {
                db.write(TABLE, batch());
            }
            if (!matches(registry(rows))) {
                throw new AssertionError("trades table read back differs from what was written");
            }
            Files.writeString(
                    dir.resolve("expected.json"),
                    String.format(
                            Locale.ROOT,
                            "{\"rows\": %d, \"vwap\": %.17g, \"filter_sum\": %d, \"count\": %d, \"symbols\": %d,"
                                    + " \"filter\": \"sym = '%s' AND price > %s\"}%n",
                            rows,
                            vwap,
                            filterSum,
                            rows,
                            SYMBOLS.length,
                            FILTER_SYMBOL,
                            FILTER_PRICE),
                    StandardCharsets.UTF_8);
            Files.writeString(stamp, want, StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The prepared table has this generator's rows (spot checks plus the full volume column). */
    private boolean matches(Path registry) {
        if (!Files.exists(registry)) {
            return false;
        }
        try (Database db = Zdbc.open(registry, OpenOptions.readOnlyDefaults())) {
            if (!db.exists(TABLE)) {
                return false;
            }
            TableInfo info = db.info(TABLE);
            if (info.rows() != rows || info.columns().size() != 3) {
                return false;
            }
            try (TableSnapshot s = db.read(TABLE, List.of("sym", "price", "volume"))) {
                for (int i = 0; i < rows; i += Math.max(1, rows / 1000)) {
                    if (s.column("sym").getRaw(i) != symPacked[i]
                            || s.column("price").getDouble(i) != price[i]) {
                        return false;
                    }
                }
                return Arrays.equals(s.column("volume").toLongArray(), volume);
            }
        }
    }

    /** Prepares the tables for the given row counts; prints each directory. */
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: TradesTable <rows>...   (writes $ZDBC_BENCH_DIR/trades-<rows>/db)");
            System.exit(2);
        }
        for (String a : args) {
            System.out.println(new TradesTable(Integer.parseInt(a)).prepare());
        }
    }
}
