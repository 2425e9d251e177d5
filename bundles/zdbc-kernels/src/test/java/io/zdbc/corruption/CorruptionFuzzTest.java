package io.zdbc.corruption;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zdbc.corruption.BaseDatabases.Shape;
import io.zdbc.corruption.BaseDatabases.Template;
import io.zdbc.mmap.impl.ChronicleColumnIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Corruption fuzzing of the format (SQLite's and LevelDB's corruption tests): small valid
 * databases of every shape ({@link BaseDatabases}) get one random mutation (one in five a second)
 * of a file zdbc reads ({@link Mutator}), then go through open, read, DSL queries, verify, append,
 * write and drop ({@link CaseRunner}).
 *
 * <p>The oracle ({@link Reference}), from the bytes on disk:
 * <ul>
 * <li>Readers do not check column data (it is the original library's layout; a version 2 commit
 * record's column checksums are for verify): within the committed rows × 8 bytes, what is on disk
 * is the answer, so a flipped bit reads back flipped. A column file
 * that is missing or shorter than rows × 8 bytes is an error naming it; so is a file of a table
 * without a commit record that is not exactly rows × 8 bytes. A generation file longer than its
 * commit's rows × 8 (an uncommitted append) reads as the committed rows.
 * <li>Metadata (registry, schema, commit record, intent): the original data, or an error naming a
 * file. A commit record is checksummed and authoritative over the schema file, which readers of
 * a committed table ignore. The registry and the schema of a table without a commit record are the
 * original library's and have no checksum: damage that still decodes (a renamed table, a column
 * type byte turned into another valid type) is another valid database and reads as such;
 * a table gone from the registry is {@code NoSuchTableException}.
 * <li>Never anything but a {@code ZdbcException}: no other exception, no {@code Error} (an
 * {@code OutOfMemoryError} from a huge count, an {@code InternalError} from a fault in mapped
 * memory), no JVM crash, no case running longer than {@value #CASE_TIMEOUT_S} s.
 * <li>{@code verify()} must report a problem for: an undecodable registry; a committed table gone
 * from a decodable registry (its directory is orphaned); a changed commit record; the schema of
 * a committed table changed or missing; a column file missing or not exactly rows × 8 bytes; a
 * legacy column name that is no longer the generation file; an undecodable legacy schema; a
 * committed column whose bytes no longer have the CRC-32 its version 2 record holds. It must
 * report none when the registry is intact and none of these hold (damage only to the values of a
 * table without a commit record, the lock, the change counter or the intent). It cannot see a
 * legacy column's type changed to another valid type, nor values changed in place in a table
 * without a commit record.
 * <li>Opening read-write recovers a leftover intent and must not change committed data; append,
 * write and drop then either work (and read back exactly) or fail as above.
 * </ul>
 *
 * <p>{@code -Dzdbc.corrupt.seed=N} re-runs a run ({@code random}: a new seed; default {@link #DEFAULT_SEED}), {@code -Dzdbc.corrupt.cases=N} sets its size,
 * {@code -Dzdbc.corrupt.case=I} runs only case I of the seed.
 */
class CorruptionFuzzTest {
    static final int CASE_TIMEOUT_S = 30;
    static final long DEFAULT_SEED = 20261203L;

    @Test
    void mutatedDatabasesReadRightOrFailNamingTheFile() throws Exception {
        // The suite's seed is fixed, so that every run of the test command checks the same databases;
        // -Dzdbc.corrupt.seed=random draws a new one.
        String seedProperty = System.getProperty("zdbc.corrupt.seed", Long.toString(DEFAULT_SEED));
        long seed = seedProperty.equals("random") ? System.nanoTime() : Long.parseLong(seedProperty);
        int cases = Integer.getInteger("zdbc.corrupt.cases", 5_000);
        int only = Integer.getInteger("zdbc.corrupt.case", -1);
        System.out.println("CorruptionFuzzTest: seed " + seed + ", " + cases
                + " cases (re-run with -Dzdbc.corrupt.seed=" + seed + ")");
        long start = System.nanoTime();
        Path root = scratch();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "corruption-fuzz");
            t.setDaemon(true);
            return t;
        });
        Map<String, Integer> byKind = new TreeMap<>();
        try {
            List<Shape> shapes = BaseDatabases.build(root.resolve("base"));
            Map<Shape, Template> templates = new HashMap<>();
            Map<Shape, Map<String, byte[]>> trusted = new HashMap<>();
            for (Shape s : shapes) {
                templates.put(s, new Template(s.registry().getParent()));
                trusted.put(s, templates.get(s).contents());
            }
            long regions = ChronicleColumnIO.liveRegions();
            for (int i = only >= 0 ? only : 0; i < (only >= 0 ? only + 1 : cases); i++) {
                SplittableRandom r = new SplittableRandom(seed + i * 0x9E37_79B9_7F4A_7C15L).split();
                Shape shape = shapes.get(r.nextInt(shapes.size()));
                Path dir = root.resolve("case" + i);
                templates.get(shape).copyTo(dir);
                Path reg = dir.resolve(shape.registry().getFileName());
                String what = Mutator.mutate(reg, r);
                if (r.nextInt(5) == 0) {
                    what += "; then " + Mutator.mutate(reg, r);
                }
                byKind.merge(what.substring(0, what.indexOf(' ', what.indexOf(" of ") + 4)), 1, Integer::sum);
                Reference ref = new Reference(reg, trusted.get(shape));
                Future<?> f = worker.submit(() -> new CaseRunner(shape, ref, r).run());
                String where = "case " + i + " of seed " + seed + " (-Dzdbc.corrupt.seed=" + seed
                        + " -Dzdbc.corrupt.case=" + i + "), " + shape.name() + " database, " + what;
                try {
                    f.get(CASE_TIMEOUT_S, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError(where + ": still running after " + CASE_TIMEOUT_S + " s");
                } catch (ExecutionException e) {
                    throw new AssertionError(where + ": " + e.getCause().getMessage(), e.getCause());
                }
                assertEquals(regions, ChronicleColumnIO.liveRegions(), where + ": mappings left open");
                delete(dir);
            }
        } finally {
            worker.shutdownNow();
            delete(root);
        }
        System.out.printf(
                "CorruptionFuzzTest: %d mutated databases in %.1f s, by mutation: %s%n",
                only >= 0 ? 1 : cases, (System.nanoTime() - start) / 1e9, byKind);
    }

    private static Path scratch() throws IOException {
        Path shm = Paths.get("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return Files.createTempDirectory(shm, "zdbc-corrupt");
        }
        return Files.createTempDirectory("zdbc-corrupt");
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(all::add);
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
