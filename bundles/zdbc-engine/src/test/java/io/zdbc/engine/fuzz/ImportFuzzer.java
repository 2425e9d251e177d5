package io.zdbc.engine.fuzz;

import com.sun.management.ThreadMXBean;
import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.ZdbcException;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.connector.TransferReport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

/**
 * Imports mutated files through a connector, each twice: appended to a table that holds the
 * unmutated file's rows, and into a new table. Each import must either succeed with rows that both
 * paths agree on, or fail with a {@link ZdbcException} naming the file and leave the database as it
 * was (same version, same rows, {@code verify()} clean, no new files); never hang, never throw an
 * {@link Error}, never allocate more than {@link #ALLOCATION_BOUND} bytes on the import thread (heap, and native
 * memory where the connector's allocator can be metered).
 * Seed, case count and per-case timeout come from system properties so that a failure can be
 * replayed: {@code -Dzdbc.importfuzz.seed=S -Dzdbc.importfuzz.cases=N} (or {@code .case=I} alone).
 */
public final class ImportFuzzer {
    /** Heap an import of one small fuzz file may allocate: a declared 2^31 length is far above it. */
    public static final long ALLOCATION_BOUND = 256L << 20;

    private static final int MAX_REPORTED = 25;

    /** The connector's import, as the CLI calls it. */
    @FunctionalInterface
    public interface Importer {
        TransferReport importFile(Path file, Database db, String table);
    }

    /** A valid input to mutate. */
    public record Base(String name, byte[] bytes) {}

    /** What a run did. */
    public record Summary(
            String format, long seed, int cases, int imported, int rejected, long maxAllocated, List<String> problems) {
        @Override
        public String toString() {
            return "import fuzz " + format + ": seed " + seed + ", " + cases + " mutated files, " + (2 * cases)
                    + " imports: " + imported + " imported, " + rejected + " rejected with a ZdbcException; max "
                    + (maxAllocated >> 10) + " KiB allocated by one import; " + problems.size() + " problem(s)"
                    + "; re-run with -Dzdbc.importfuzz.seed=" + seed + " -Dzdbc.importfuzz.cases=" + cases;
        }
    }

    private final String format;
    private final String extension;
    private final Path work;
    private final Importer importer;
    private final BiFunction<Base, Random, Mutant> structural;
    /** Printed as found, so that a run killed from outside still shows them. */
    private final List<String> problems = new ArrayList<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean add(String p) {
            System.out.println("import fuzz " + format + " problem: " + p);
            return super.add(p);
        }
    };

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "import-fuzz");
        t.setDaemon(true);
        return t;
    });
    private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private LongSupplier nativeAllocated = () -> 0;
    private long maxAllocated;
    private int imported;
    private int rejected;

    /**
     * @param structural the format's structure-aware mutation of a valid input
     */
    public ImportFuzzer(
            String format,
            String extension,
            Path work,
            Importer importer,
            BiFunction<Base, Random, Mutant> structural) {
        this.format = format;
        this.extension = extension;
        this.work = work;
        this.importer = importer;
        this.structural = structural;
    }

    /** Also counts what {@code meter} says the import thread allocated off the heap. */
    public ImportFuzzer countingNative(LongSupplier meter) {
        this.nativeAllocated = meter;
        return this;
    }

    /** The suite's seed, so that a run of the test command asks the same files every time. */
    public static final long DEFAULT_SEED = 20261203L;

    /** {@code -Dzdbc.importfuzz.seed=<n>}, {@code =random} for a new seed each run, else {@link #DEFAULT_SEED}. */
    public static long seed() {
        String s = System.getProperty("zdbc.importfuzz.seed");
        if (s == null || s.isBlank()) {
            return DEFAULT_SEED;
        }
        return s.trim().equals("random") ? new Random().nextLong() : Long.parseLong(s.trim());
    }

    public static int cases(int defaultCases) {
        return Integer.getInteger("zdbc.importfuzz.cases", defaultCases);
    }

    /** Runs {@code cases} mutated files (or only the case named by {@code zdbc.importfuzz.case}). */
    public Summary run(List<Base> bases, long seed, int cases) throws IOException {
        System.out.println("import fuzz " + format + ": seed " + seed + " (-Dzdbc.importfuzz.seed=" + seed + ")");
        Integer only = Integer.getInteger("zdbc.importfuzz.case");
        int timeout = Integer.getInteger("zdbc.importfuzz.timeout", 60);
        boolean verbose = Boolean.getBoolean("zdbc.importfuzz.verbose");
        Files.createDirectories(work);
        try (Database db = Zdbc.open(work.resolve("db"), OpenOptions.defaults().withDurability(Durability.FAST))) {
            List<TableState> targets = new ArrayList<>();
            for (int k = 0; k < bases.size(); k++) {
                Path f = work.resolve("base-" + k + "." + extension);
                Files.write(f, bases.get(k).bytes());
                importer.importFile(f, db, "t" + k);
                Files.delete(f);
                targets.add(TableState.of(db, "t" + k));
            }
            for (int i = only == null ? 0 : only; i < (only == null ? cases : only + 1); i++) {
                Random r = new Random(seed * 0x9E3779B97F4A7C15L + i);
                int k = r.nextInt(bases.size());
                Mutant m = mutate(bases.get(k), r);
                Path f = work.resolve("case-" + i + "." + extension);
                Files.write(f, m.bytes());
                String label = "case " + i + " (" + bases.get(k).name() + ", " + m.what() + ")";
                if (verbose) {
                    System.out.println("import fuzz " + format + ": " + label);
                }
                try {
                    targets.set(k, oneCase(db, targets.get(k), f, label, timeout));
                } catch (TimeoutException e) {
                    problems.add(label + ": no answer in " + timeout + " s (hang?)");
                    break; // the import thread still holds the writer lock
                }
                Files.delete(f);
            }
        } finally {
            thread.shutdownNow();
        }
        return new Summary(
                format,
                seed,
                only == null ? cases : 1,
                imported,
                rejected,
                maxAllocated,
                List.copyOf(problems.subList(0, Math.min(problems.size(), MAX_REPORTED))));
    }

    private Mutant mutate(Base base, Random r) {
        int how = r.nextInt(10);
        if (how < 6) {
            return structural.apply(base, r);
        }
        if (how < 8) {
            return ByteMutations.any(base.bytes(), r);
        }
        Mutant first = structural.apply(base, r);
        Mutant second = how == 8 ? ByteMutations.any(first.bytes(), r) : ByteMutations.truncate(first.bytes(), r);
        return new Mutant(second.bytes(), first.what() + ", then " + second.what());
    }

    /** Both imports of one mutated file; returns the target table's state afterwards. */
    private TableState oneCase(Database db, TableState target, Path f, String label, int timeout)
            throws TimeoutException, IOException {
        Set<String> filesBefore = TableState.files(work, f);
        Outcome a = attempt(db, f, target.table(), timeout, label);
        TableState after = target;
        long[] appended = null;
        if (a.error == null) {
            imported++;
            TableState now = TableState.of(db, target.table());
            appended = now.checkAppended(target, a.report.rows(), label, problems);
            checkVerify(db, label + " after the append");
            db.write(target.table(), target.data());
            after = TableState.of(db, target.table());
        } else {
            rejected++;
            checkError(a.error, f, label + " appending to '" + target.table() + "'");
            target.checkUnchanged(db, label + " after a failed append", problems);
            checkVerify(db, label + " after a failed append");
            checkFiles(filesBefore, f, label + " after a failed append");
        }
        filesBefore = TableState.files(work, f);
        Outcome n = attempt(db, f, "fresh", timeout, label);
        if (n.error == null) {
            imported++;
            TableState fresh = TableState.of(db, "fresh");
            if (fresh.rows() != n.report.rows()) {
                problems.add(label + ": new table has " + fresh.rows() + " rows, the report says " + n.report.rows());
            }
            if (appended != null && fresh.sameTypes(target)) {
                fresh.checkSameRows(appended, label, problems);
            }
            checkVerify(db, label + " after a new-table import");
            db.drop("fresh");
        } else {
            rejected++;
            checkError(n.error, f, label + " into a new table");
            if (db.exists("fresh")) {
                problems.add(label + ": a failed import left table 'fresh'");
                db.drop("fresh");
            }
            checkVerify(db, label + " after a failed new-table import");
            checkFiles(filesBefore, f, label + " after a failed new-table import");
        }
        return after;
    }

    private record Outcome(TransferReport report, Throwable error, long allocated) {}

    private Outcome attempt(Database db, Path f, String table, int timeout, String label) throws TimeoutException {
        Future<Outcome> run = thread.submit(() -> {
            long before = threads.getCurrentThreadAllocatedBytes() + nativeAllocated.getAsLong();
            TransferReport report = null;
            Throwable error = null;
            try {
                report = importer.importFile(f, db, table);
            } catch (Throwable t) {
                error = t;
            }
            return new Outcome(
                    report, error, threads.getCurrentThreadAllocatedBytes() + nativeAllocated.getAsLong() - before);
        });
        try {
            Outcome o = run.get(timeout, TimeUnit.SECONDS);
            maxAllocated = Math.max(maxAllocated, o.allocated);
            if (o.allocated > ALLOCATION_BOUND) {
                problems.add(label + " -> '" + table + "': allocated " + o.allocated + " bytes ("
                        + (o.error == null ? "imported" : String.valueOf(o.error)) + ")");
            }
            return o;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void checkError(Throwable e, Path f, String label) {
        if (!(e instanceof ZdbcException)) {
            problems.add(
                    label + ": " + e.getClass().getName() + " instead of a ZdbcException: " + e + TableState.at(e));
        } else if (e.getMessage() == null
                || !e.getMessage().contains(f.getFileName().toString())) {
            problems.add(label + ": the message does not name the file: " + e.getMessage() + TableState.at(e));
        }
    }

    private void checkVerify(Database db, String label) {
        var v = db.verify();
        if (!v.ok()) {
            problems.add(label + ": verify() found " + v.problems());
        }
    }

    private void checkFiles(Set<String> before, Path f, String label) {
        Set<String> now = TableState.files(work, f);
        if (!now.equals(before)) {
            problems.add(label + ": files changed from " + before + " to " + now);
        }
    }
}
