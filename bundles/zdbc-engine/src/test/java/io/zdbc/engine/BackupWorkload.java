package io.zdbc.engine;

import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.TableSnapshot;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The writer of {@link OnlineBackupTest}: appends to and replaces {@link #TABLES} at random with
 * the self-describing rows of {@link CrashWorkload}, and announces the state of the whole database
 * a change will commit before making it, so that any state a backup can see is among those
 * announced. Run as a main class it is the writer in another process, announcing into a file.
 */
public final class BackupWorkload {
    static final List<String> TABLES = List.of("alpha", "beta/nested");

    private final SplittableRandom rnd;
    private final Consumer<String> announce;
    private final Map<String, String> segments = new LinkedHashMap<>();
    private long gen;
    volatile long steps;

    BackupWorkload(long seed, Consumer<String> announce) {
        this.rnd = new SplittableRandom(seed);
        this.gen = seed * 1_000_000;
        this.announce = announce;
        announce.accept(state(segments));
    }

    /** One commit: replaces a table (always the first time) or appends to it. */
    void step(Database d) {
        String t = TABLES.get(rnd.nextInt(TABLES.size()));
        gen++;
        boolean replace = !segments.containsKey(t) || rnd.nextInt(5) == 0;
        int n = 1 + rnd.nextInt(replace ? 3000 : 500);
        String seg = gen + ":" + n;
        Map<String, String> next = new LinkedHashMap<>(segments);
        next.put(t, replace ? seg : segments.get(t) + "," + seg);
        announce.accept(state(next));
        if (replace) {
            d.write(t, CrashWorkload.rows(gen, 0, n));
        } else {
            d.append(t, CrashWorkload.rows(gen, d.count(t), n));
        }
        segments.put(t, next.get(t));
        steps++;
    }

    /** The database's state as a string: each table in {@link #TABLES} order with its segments. */
    static String state(Map<String, String> segments) {
        StringBuilder sb = new StringBuilder();
        for (String t : TABLES) {
            if (segments.containsKey(t)) {
                sb.append(t).append('=').append(segments.get(t)).append(';');
            }
        }
        return sb.toString();
    }

    /** The state a (backup) database holds, after checking every row describes itself. */
    static String stateOf(Database d) {
        Map<String, String> segs = new LinkedHashMap<>();
        for (String t : d.tables()) {
            if (!TABLES.contains(t)) {
                throw new AssertionError("unexpected table " + t);
            }
            StringBuilder sb = new StringBuilder();
            try (TableSnapshot s = d.read(t)) {
                for (long[] seg : CrashWorkload.segments(s)) {
                    sb.append(sb.length() == 0 ? "" : ",")
                            .append(seg[0])
                            .append(':')
                            .append(seg[1]);
                }
            }
            segs.put(t, sb.toString());
        }
        return state(segs);
    }

    /** Args: database, announcement file, seed. Writes until killed; prints READY once it has started. */
    public static void main(String[] args) {
        try (PrintStream log = new PrintStream(new FileOutputStream(args[1], true), true, StandardCharsets.UTF_8);
                Database d = Zdbc.open(Path.of(args[0]), OpenOptions.defaults().withDurability(Durability.FAST))) {
            // One write() per line, so each announcement is in the file before its commit.
            BackupWorkload w = new BackupWorkload(Long.parseLong(args[2]), s -> log.println("STATE " + s));
            for (int i = 0; i < 4; i++) {
                w.step(d);
            }
            System.out.println("READY");
            while (true) {
                w.step(d);
                // Hundreds of commits a second, with a gap: the write lock is polled (FORMAT.md,
                // "Lock file"), and a writer that re-locks at once could keep others waiting.
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
