package io.zdbc.engine;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.Str8;
import io.zdbc.api.TableSnapshot;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The workload of {@link CrashTest}, run in a child JVM that gets killed. Every table version is
 * self-describing: a table is a list of segments (gen, n); row i of the table, in segment gen, has
 * seq = i, x = gen * 1e6 + i + 0.25 and s = "g" + gen + ":" + i (trimmed to 8 bytes).
 *
 * <p>Logs {@code GO table op gen n} before a change and {@code OK} after it returns, so the
 * parent knows every committed version and the one in flight.
 */
public final class CrashWorkload {
    static final String[] TABLES = {"alpha", "beta/nested", "gamma"};

    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        Durability durability = Durability.valueOf(args[2]);
        try {
            // One write() per line, so every line printed before the kill is in the file after it.
            log = new PrintStream(new FileOutputStream(args[3], true), true, "UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        long gen = seed * 1000;
        try (Database d = Zdbc.open(db, OpenOptions.defaults().withDurability(durability))) {
            System.out.println("READY");
            while (true) {
                String t = TABLES[rnd.nextInt(TABLES.length)];
                int op = rnd.nextInt(10);
                gen++;
                int n = 1 + rnd.nextInt(op < 5 ? 3000 : 30000);
                if (!d.exists(t) || op >= 8) {
                    say("GO " + t + " write " + gen + " " + n);
                    d.write(t, rows(gen, 0, n));
                } else if (op < 7) {
                    long have = d.count(t);
                    say("GO " + t + " append " + gen + " " + n);
                    d.append(t, rows(gen, have, n));
                } else {
                    say("GO " + t + " drop " + gen + " 0");
                    d.drop(t);
                }
                say("OK");
            }
        }
    }

    private static PrintStream log;

    private static void say(String s) {
        log.println(s);
    }

    static Batch rows(long gen, long firstSeq, int n) {
        long[] g = new long[n];
        long[] seq = new long[n];
        double[] x = new double[n];
        String[] s = new String[n];
        for (int i = 0; i < n; i++) {
            long q = firstSeq + i;
            g[i] = gen;
            seq[i] = q;
            x[i] = expectedX(gen, q);
            s[i] = expectedS(gen, q);
        }
        return Batch.builder()
                .i64("gen", g)
                .i64("seq", seq)
                .f64("x", x)
                .str("s", s)
                .build();
    }

    static double expectedX(long gen, long seq) {
        return gen * 1e6 + seq + 0.25;
    }

    static String expectedS(long gen, long seq) {
        return Str8.decode(Str8.encode("g" + (gen % 1000) + ":" + seq), 0);
    }

    /** The segments (gen, n) a snapshot holds, after checking every row describes itself. */
    static List<long[]> segments(TableSnapshot s) {
        long[] g = s.column("gen").toLongArray();
        long[] seq = s.column("seq").toLongArray();
        double[] x = s.column("x").toDoubleArray();
        String[] str = s.column("s").toStringArray();
        List<long[]> segs = new ArrayList<>();
        for (int i = 0; i < g.length; i++) {
            if (seq[i] != i || x[i] != expectedX(g[i], i) || !str[i].equals(expectedS(g[i], i))) {
                throw new AssertionError(s.table() + ": row " + i + " is torn: gen=" + g[i] + " seq=" + seq[i] + " x="
                        + x[i] + " s=" + str[i]);
            }
            if (segs.isEmpty() || segs.get(segs.size() - 1)[0] != g[i]) {
                segs.add(new long[] {g[i], 0});
            }
            segs.get(segs.size() - 1)[1]++;
        }
        return segs;
    }
}
