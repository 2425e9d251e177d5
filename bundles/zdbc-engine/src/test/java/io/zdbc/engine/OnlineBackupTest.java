package io.zdbc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.BackupReport;
import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.VerifyReport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups taken while a writer in this process, or in another one, keeps appending and replacing:
 * each opens and verifies clean, and holds exactly one state of the whole database that the writer
 * committed ({@link BackupWorkload}). {@code -Dzdbc.backup.count=N} sets the backups per test
 * (default 6).
 */
class OnlineBackupTest extends LeakCheckedTest {
    private static final int BACKUPS = Integer.getInteger("zdbc.backup.count", 6);
    private static final long SEED = Long.getLong("zdbc.backup.seed", Math.floorMod(System.nanoTime(), 1000L) + 1);

    @TempDir
    Path dir;

    /** Opens the backup read-only, verifies it, and returns the state its tables hold. */
    private static String checkBackup(BackupReport r) {
        assertTrue(r.verify().ok(), "backup verify: " + r.verify());
        try (Database b = Zdbc.open(r.registry(), OpenOptions.readOnlyDefaults())) {
            VerifyReport v = b.verify();
            assertTrue(v.ok() && v.notes().isEmpty(), "backup verifies clean: " + v);
            return BackupWorkload.stateOf(b);
        }
    }

    @Test
    void backupsWhileAThreadCommitsAreEachOneCommittedStateOfTheWholeDatabase() throws Exception {
        System.out.println("OnlineBackupTest seed " + SEED + " (-Dzdbc.backup.seed)");
        Path db = dir.resolve("db");
        Set<String> announced = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Database d = Zdbc.open(db, OpenOptions.defaults().withDurability(Durability.FAST))) {
            BackupWorkload w = new BackupWorkload(SEED, announced::add);
            for (int i = 0; i < 4; i++) {
                w.step(d);
            }
            Thread writer = new Thread(
                    () -> {
                        try {
                            while (!stop.get()) {
                                w.step(d);
                            }
                        } catch (Throwable e) {
                            failure.set(e);
                        }
                    },
                    "backup-test-writer");
            writer.start();
            Set<String> seen = new HashSet<>();
            try {
                for (int i = 0; i < BACKUPS && failure.get() == null; i++) {
                    long before = w.steps;
                    String state = checkBackup(d.backup(dir.resolve("backup-" + i)));
                    assertTrue(
                            announced.contains(state),
                            "backup " + i + " holds a state the writer never made: " + state);
                    seen.add(state);
                    while (w.steps < before + 3 && failure.get() == null) {
                        Thread.onSpinWait(); // let the writer commit between backups
                    }
                }
            } finally {
                stop.set(true);
                writer.join();
            }
            assertEquals(null, failure.get());
            assertTrue(seen.size() > 1, "the backups saw the writer's progress: " + seen.size() + " states");
            assertTrue(d.verify().ok());
        }
    }

    @Test
    void backupsWhileAnotherProcessCommitsAreEachOneCommittedStateOfTheWholeDatabase() throws Exception {
        Path db = dir.resolve("db");
        Path log = dir.resolve("announced.log");
        Process child = ChildJvm.builder(BackupWorkload.class, db.toString(), log.toString(), Long.toString(SEED))
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertEquals("READY", line, "the writer process started");
            Set<String> seen = new HashSet<>();
            // The write lock is polled: against a writer that commits without pause, give it time under CI load.
            try (Database d = Zdbc.open(
                    db,
                    OpenOptions.defaults().withDurability(Durability.FAST).withLockTimeout(Duration.ofSeconds(60)))) {
                for (int i = 0; i < BACKUPS; i++) {
                    String state = checkBackup(d.backup(dir.resolve("backup-" + i)));
                    Set<String> announced = announcements(log);
                    assertTrue(
                            announced.contains(state),
                            "backup " + i + " holds a state the writer never made: " + state);
                    seen.add(state);
                    assertTrue(child.isAlive(), "the writer process is still writing");
                }
            }
            assertTrue(seen.size() > 1, "the backups saw the writer's progress: " + seen.size() + " states");
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
    }

    private static Set<String> announcements(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return lines.stream()
                .filter(l -> l.startsWith("STATE "))
                .map(l -> l.substring(6))
                .collect(Collectors.toSet());
    }
}
