package io.zdbc.benchdata;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The players table that both benchmark suites use ({@code zdbc bench} and the JMH benchmarks),
 * generated in memory: {@code id i64} (0..n-1), {@code name str} ("name" + i % 1000, at most 7
 * bytes), {@code score f64} (uniform [0, 100), fixed seed), {@code active i64} (0/1),
 * {@code category str} (one of 10 words). Every value is 8 bytes on disk, so a row is
 * {@value #ROW_BYTES} bytes; no string needs trimming, so every format can give the values back
 * exactly.
 */
public final class PlayersTable {
    public static final String TABLE = "players";
    public static final List<String> COLUMNS = List.of("id", "name", "score", "active", "category");
    public static final List<ColumnDef> DEFS = List.of(
            ColumnDef.of("id", ColumnType.I64),
            ColumnDef.of("name", ColumnType.STR),
            ColumnDef.of("score", ColumnType.F64),
            ColumnDef.of("active", ColumnType.I64),
            ColumnDef.of("category", ColumnType.STR));
    public static final long ROW_BYTES = 5 * 8L;
    private static final String[] CATEGORIES = {
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"
    };

    public final int rows;
    public final long[] id;
    public final String[] name;
    public final double[] score;
    public final long[] active;
    public final String[] category;
    private Batch batch;

    public PlayersTable(int rows) {
        this.rows = rows;
        SplittableRandom rnd = new SplittableRandom(4004);
        String[] names = new String[1000];
        for (int i = 0; i < names.length; i++) {
            names[i] = "name" + i;
        }
        id = new long[rows];
        name = new String[rows];
        score = new double[rows];
        active = new long[rows];
        category = new String[rows];
        for (int i = 0; i < rows; i++) {
            id[i] = i;
            name[i] = names[i % 1000];
            score[i] = rnd.nextDouble() * 100;
            active[i] = rnd.nextInt(2);
            category[i] = CATEGORIES[rnd.nextInt(CATEGORIES.length)];
        }
    }

    /** The arrays as one batch (str columns packed once, on first use); reusable, never changed. */
    public synchronized Batch batch() {
        if (batch == null) {
            batch = Batch.builder()
                    .i64("id", id)
                    .str("name", name)
                    .f64("score", score)
                    .i64("active", active)
                    .str("category", category)
                    .build();
        }
        return batch;
    }

    /** The packed 8-byte form of a str column, exactly as written to disk. */
    public byte[] packed(String column) {
        return batch().column(column).packedStrings();
    }

    /** Column bytes of {@code rows} rows. */
    public static long bytes(long rows) {
        return rows * ROW_BYTES;
    }
}
