package io.zdbc.bench;

import io.zdbc.benchdata.PlayersTable;
import java.util.Locale;

/** The full-scan result: the sums of the three numeric columns. */
record Sums(long id, double score, long active) {

    static Sums of(PlayersTable t) {
        long a = 0;
        long c = 0;
        double b = 0;
        for (int i = 0; i < t.rows; i++) {
            a += t.id[i];
            b += t.score[i];
            c += t.active[i];
        }
        return new Sums(a, b, c);
    }

    /** Integer sums exactly; the f64 sum to 1e-9 relative (formats add in different orders). */
    boolean agrees(Sums o) {
        return id == o.id && active == o.active && Math.abs(score - o.score) <= 1e-9 * Math.max(1, Math.abs(score));
    }

    @Override
    public String toString() {
        return "sum(id)=" + id + " sum(score)=" + String.format(Locale.ROOT, "%.6f", score) + " sum(active)=" + active;
    }
}
