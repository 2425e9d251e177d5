package io.zdbc.soak;

import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.engine.Zdbc;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The second process of {@link SoakTest}: one owner writing its own tables (FAST durability)
 * and one reader checking the parent's tables, whose commits arrive on stdin as ledger lines.
 * Prints its own commits on stdout the same way, then its figures and failures, then DONE.
 *
 * <p>Arguments: database registry, scratch directory, seed, seconds.
 */
public final class SoakChild {
    private SoakChild() {}

    public static void main(String[] args) throws Exception {
        Path registry = Path.of(args[0]);
        Path scratch = Files.createDirectories(Path.of(args[1]));
        long seed = Long.parseLong(args[2]);
        long deadline = System.currentTimeMillis() + 1000L * Integer.parseInt(args[3]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        Stats stats = new Stats();
        Ledger mine = new Ledger(out);
        Ledger parents = new Ledger(null);
        Thread in = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            if (!parents.apply(line)) {
                                stats.fail("child: unexpected line from the parent: " + line);
                            }
                        }
                    } catch (Exception e) {
                        stats.fail("child: reading the parent's ledger: " + Stats.describe(e));
                    }
                },
                "soak-child-stdin");
        in.setDaemon(true);
        in.start();
        Rows rows = new Rows(seed);
        Leaks leaks = new Leaks(registry.getParent(), scratch);
        try (Database db = Zdbc.open(
                        registry,
                        OpenOptions.defaults()
                                .withDurability(Durability.FAST)
                                .withLockTimeout(Duration.ofSeconds(60)));
                Database readOnly = Zdbc.open(registry, OpenOptions.readOnlyDefaults())) {
            out.println("READY");
            Thread owner = new Thread(
                    new Owner("child", 9_000_000_000L, db, scratch, rows, mine, stats, seed * 31 + 1, deadline),
                    "soak-child-owner");
            Thread reader = new Thread(
                    new CrossReader(
                            "child reader", readOnly, db, rows, List.of(parents), stats, seed * 31 + 2, deadline, 4000),
                    "soak-child-reader");
            owner.start();
            reader.start();
            owner.join();
            reader.join();
        } catch (Throwable e) {
            stats.fail("child: " + Stats.describe(e));
        }
        for (String l : leaks.leftOver()) {
            stats.fail("child: left behind at the end: " + l);
        }
        for (Map.Entry<String, Long> e : stats.snapshot().entrySet()) {
            out.println("STAT " + e.getKey() + " " + e.getValue());
        }
        for (String f : stats.failures()) {
            out.println("FAIL " + f.replace('\n', '|'));
        }
        out.println("DONE");
        System.exit(0);
    }
}
