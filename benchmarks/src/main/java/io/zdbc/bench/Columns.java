package io.zdbc.bench;

import io.zdbc.benchdata.PlayersTable;
import java.util.Arrays;

/** All five columns as Java arrays: the result of "materialize". */
record Columns(long[] id, String[] name, double[] score, long[] active, String[] category) {

    /** Checks these columns against the generated ones; throws naming the format. */
    void check(String format, PlayersTable t) {
        if (!Arrays.equals(t.id, id)
                || !Arrays.equals(t.active, active)
                || !Arrays.equals(t.score, score)
                || !Arrays.equals(t.name, name)
                || !Arrays.equals(t.category, category)) {
            throw new BenchFailure(format + ": materialized columns differ from the data written");
        }
    }
}
