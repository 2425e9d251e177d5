package io.zdbc.benchmarks;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnData;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The seed workload table: {@code id i64, name str, score f64, active i64, category str}, every
 * value 8 bytes on disk, so one row is {@value #ROW_BYTES} bytes. Values are deterministic (fixed
 * seed); strings come from small pools, all at most 8 bytes of UTF-8, so nothing is trimmed.
 */
final class SeedTable {
    static final String TABLE = "seed";
    static final int COLUMNS = 5;
    static final long ROW_BYTES = COLUMNS * 8L;
    static final List<ColumnDef> DEFS = List.of(
            ColumnDef.of("id", ColumnType.I64),
            ColumnDef.of("name", ColumnType.STR),
            ColumnDef.of("score", ColumnType.F64),
            ColumnDef.of("active", ColumnType.I64),
            ColumnDef.of("category", ColumnType.STR));

    private static final String[] NAMES = {
        "Alice", "Bob", "Carol", "Dave", "Eve", "Frank", "Grace", "Heidi",
        "Ivan", "Judy", "Mallory", "Niaj", "Olivia", "Peggy", "Rupert", "Sybil",
        "Trent", "Victor", "Walter", "Zoë", "Åsa", "Jürgen", "Łukasz", "Noémie",
    };
    private static final String[] CATEGORIES = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"};

    final int rows;
    final long[] id;
    final String[] name;
    final double[] score;
    final long[] active;
    final String[] category;
    /** The batch of those arrays (str columns already packed); reusable, the arrays are never changed. */
    final Batch batch;

    /** Rows {@code [first, first+rows)} of the seed table. */
    SeedTable(int rows, long first) {
        this.rows = rows;
        SplittableRandom rnd = new SplittableRandom(42 + first);
        id = new long[rows];
        name = new String[rows];
        score = new double[rows];
        active = new long[rows];
        category = new String[rows];
        for (int i = 0; i < rows; i++) {
            id[i] = first + i;
            name[i] = NAMES[rnd.nextInt(NAMES.length)];
            score[i] = Math.round(rnd.nextDouble() * 10_000) / 100.0;
            active[i] = rnd.nextInt(4) == 0 ? 0 : 1;
            category[i] = CATEGORIES[rnd.nextInt(CATEGORIES.length)];
        }
        batch = Batch.builder()
                .i64("id", id)
                .str("name", name)
                .f64("score", score)
                .i64("active", active)
                .str("category", category)
                .build();
        if (batch.trimmed() != 0) {
            throw new AssertionError("seed strings must fit in 8 bytes");
        }
    }

    SeedTable(int rows) {
        this(rows, 0);
    }

    /** The packed 8-byte form of a str column, exactly as written to disk. */
    byte[] packed(String column) {
        ColumnData c = batch.column(column);
        return c.packedStrings();
    }

    /** Column bytes of {@code rows} rows: rows × 5 × 8. */
    static long bytes(long rows) {
        return rows * ROW_BYTES;
    }
}
