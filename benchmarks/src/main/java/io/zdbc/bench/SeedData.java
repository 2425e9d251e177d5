package io.zdbc.bench;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The seed-004 table, generated once per size in memory: {@code id i64} (0..n-1), {@code name str}
 * ("name" + i % 1000, at most 7 bytes), {@code score f64} (uniform [0, 100), fixed seed),
 * {@code active i64} (0/1), {@code category str} (one of 10 words). Every format writes these same
 * arrays; no string needs trimming to 8 bytes, so every format can give them back exactly.
 */
final class SeedData {
    static final String TABLE = "seed";
    static final List<String> COLUMNS = List.of("id", "name", "score", "active", "category");
    /** The columns of the "read 1 column" and "read 2 columns" operations. */
    static final List<String> ONE = List.of("id");
    static final List<String> TWO = List.of("id", "score");
    static final String[] CATEGORIES = {
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"};

    final int rows;
    final long[] id;
    final String[] name;
    final double[] score;
    final long[] active;
    final String[] category;
    /** The expected result of the full scan. */
    final Sums sums;

    SeedData(int rows) {
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
        sums = Sums.of(id, score, active);
    }

    /** Checks materialized columns against the generated ones; throws naming the first difference. */
    void check(String format, Columns c) {
        if (!Arrays.equals(id, c.id()) || !Arrays.equals(active, c.active())
                || !Arrays.equals(score, c.score())
                || !Arrays.equals(name, c.name()) || !Arrays.equals(category, c.category())) {
            throw new BenchFailure(format + ": materialized columns differ from the data written");
        }
    }

    /** All five columns as Java arrays: the result of "materialize". */
    record Columns(long[] id, String[] name, double[] score, long[] active, String[] category) {
    }

    /** The full-scan result: the sums of the three numeric columns. */
    record Sums(long id, double score, long active) {
        static Sums of(long[] id, double[] score, long[] active) {
            long a = 0;
            long c = 0;
            double b = 0;
            for (int i = 0; i < id.length; i++) {
                a += id[i];
                b += score[i];
                c += active[i];
            }
            return new Sums(a, b, c);
        }

        /** Integer sums exactly; the f64 sum to 1e-9 relative (formats add in different orders). */
        boolean agrees(Sums o) {
            return id == o.id && active == o.active
                    && Math.abs(score - o.score) <= 1e-9 * Math.max(1, Math.abs(score));
        }

        @Override
        public String toString() {
            return "sum(id)=" + id + " sum(score)=" + String.format(java.util.Locale.ROOT, "%.6f", score)
                    + " sum(active)=" + active;
        }
    }
}
