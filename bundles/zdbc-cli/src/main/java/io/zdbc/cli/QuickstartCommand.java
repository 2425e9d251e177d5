package io.zdbc.cli;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.TableInfo;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.VerifyReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "quickstart",
        description = {
            "Walk through zdbc: create a database, write a table, append rows natively, read it zero-copy,",
            "and show that a held view keeps its version across a rewrite. Prints what it does."
        })
final class QuickstartCommand implements Runnable {
    private static final String[] NAMES = {"Alice", "Bob", "Eve", "Mallory", "Trent", "Zoë"};
    private static final String[] CATEGORIES = {"A", "B", "C"};

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "<db>",
            defaultValue = "quickstart-db/demo",
            description = "Registry file of the demo database (default: quickstart-db/demo).")
    Path db;

    @Option(names = "--rows", defaultValue = "1000000", description = "Rows to write first (default 1000000).")
    int rows;

    @Mixin
    DbOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        if (rows < 1) {
            throw new IllegalArgumentException("--rows must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("zdbc quickstart: database " + db.toAbsolutePath() + " (data in " + db.getFileName() + "dir/)");
        try (Database d = options.openOrCreate(db)) {
            Batch batch = players(0, rows, 42);
            long t0 = System.nanoTime();
            d.write("players", batch);
            double ms = millis(t0);
            long bytes = (long) rows * 5 * 8;
            out.printf(
                    "1. wrote table 'players': %,d rows x 5 columns (%,d bytes) in %.1f ms, %.0f MB/s, %s mode%n",
                    rows,
                    bytes,
                    ms,
                    bytes / 1e3 / ms,
                    options.durability().name().toLowerCase());

            int extra = Math.max(1, rows / 10);
            t0 = System.nanoTime();
            d.append("players", players(rows, extra, 7));
            out.printf("2. appended %,d rows natively (only the new rows written) in %.1f ms%n", extra, millis(t0));

            TableInfo info = d.info("players");
            out.printf(
                    "3. schema: %s, %,d rows, version %d (COUNT from metadata, no scan)%n",
                    info.columns(), info.rows(), info.version());

            t0 = System.nanoTime();
            d.read("players").close(); // the first mapping also loads and initializes Chronicle
            double firstUs = (System.nanoTime() - t0) / 1e3;
            t0 = System.nanoTime();
            try (TableSnapshot s = d.read("players")) {
                double openUs = (System.nanoTime() - t0) / 1e3;
                ColumnView score = s.column("score");
                ColumnView active = s.column("active");
                double sum = 0;
                long activeCount = 0;
                t0 = System.nanoTime();
                for (long r = 0; r < s.rows(); r++) {
                    sum += score.getDouble(r);
                    activeCount += active.getLong(r);
                }
                double scanMs = millis(t0);
                out.printf(
                        "4. opened zero-copy views of all 5 columns in %.1f us (first time, with Chronicle's "
                                + "start-up: %.0f us; mapped: %s)%n",
                        openUs, firstUs, score.isMapped());
                out.printf(
                        "   scanned 2 columns in %.1f ms: mean score %.3f, %,d active%n",
                        scanMs, sum / s.rows(), activeCount);
                out.printf(
                        "   first row: id=%d name=%s score=%s category=%s%n",
                        s.column("id").getLong(0),
                        s.column("name").getString(0),
                        score.getDouble(0),
                        s.column("category").getString(0));
            }

            ColumnView held = d.column("players", "id");
            long before = held.rows();
            d.write("players", players(0, 3, 1));
            try (ColumnView now = d.column("players", "id")) {
                out.printf(
                        "5. rewrote the table with 3 rows: a view held from before still sees %,d rows "
                                + "(last id %d); a new view sees %d rows%n",
                        before, held.getLong(before - 1), now.rows());
            }
            long[] copy = held.toLongArray();
            held.close();
            out.printf(
                    "6. copied the old view to a long[%,d] and closed it: the old version's mapping is released%n",
                    copy.length);

            VerifyReport report = d.verify();
            out.printf(
                    "7. verify: %d tables checked, %d problems%n",
                    report.tablesChecked(), report.problems().size());
        }
        out.println("Next: ./zdbc schema " + db + " players   |   ./zdbc cat " + db + " players --limit 5");
    }

    private static double millis(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    /** The quickstart's players table: id, name, score, active, category. */
    static Batch players(int firstId, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] id = new long[n];
        String[] name = new String[n];
        double[] score = new double[n];
        long[] active = new long[n];
        String[] category = new String[n];
        for (int i = 0; i < n; i++) {
            id[i] = firstId + i;
            name[i] = NAMES[rnd.nextInt(NAMES.length)];
            score[i] = rnd.nextDouble() * 100;
            active[i] = rnd.nextInt(2);
            category[i] = CATEGORIES[rnd.nextInt(CATEGORIES.length)];
        }
        return Batch.builder()
                .i64("id", id)
                .str("name", name)
                .f64("score", score)
                .i64("active", active)
                .str("category", category)
                .build();
    }
}
