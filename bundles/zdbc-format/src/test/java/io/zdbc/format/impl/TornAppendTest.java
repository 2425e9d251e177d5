package io.zdbc.format.impl;

import static io.zdbc.format.impl.HandBuilt.f64;
import static io.zdbc.format.impl.HandBuilt.i64;
import static io.zdbc.format.impl.HandBuilt.str;
import static io.zdbc.format.impl.HandBuilt.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.CorruptDatabaseException;
import io.zdbc.api.VerifyReport;
import io.zdbc.format.impl.HandBuilt.Table;
import io.zdbc.format.impl.IntentCodec.Intent;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer that dies while appending leaves bytes past the committed length of generation files
 * (PROTOCOL.md, "Recovery"). Readers ignore them, verify() reports them, recovery and the next append
 * cut them off.
 */
class TornAppendTest {
    @TempDir
    Path tmp;

    Path reg;

    static final Table V1 = table("t", 3, i64("id", 1, 2, 3), str("name", "a", "b", "c"), f64("score", 1.5, 2.5, 3.5));
    static final Table MORE = table("t", 2, i64("id", 4, 5), str("name", "d", "e"), f64("score", 4.5, 5.5));
    static final byte[] TORN = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};

    @BeforeEach
    void committedTable() {
        reg = tmp.resolve("DB");
        try (ZdbcStorage s = Db.open(reg)) {
            s.replace("t", Db.batch(V1));
        }
    }

    /** Appends {@link #TORN} to every generation file of the table; returns those files. */
    private List<Path> tearAppend() throws Exception {
        List<Path> files;
        try (ZdbcStorage s = Db.openReadOnly(reg)) {
            files = new ArrayList<>(s.state("t").columnFiles());
        }
        for (Path f : files) {
            assertTrue(f.startsWith(new Layout(reg).tablesDir()), "a committed table reads generation files: " + f);
            Files.write(f, TORN, StandardOpenOption.APPEND);
        }
        return files;
    }

    private static void assertReportsExtraBytes(VerifyReport r, List<Path> files) {
        assertFalse(r.ok());
        for (Path f : files) {
            assertTrue(
                    r.problems().toString().contains(f + " has 13 bytes past the committed 3 rows"),
                    r.problems().toString());
        }
    }

    @Test
    void readersIgnoreBytesPastTheCommittedLength() throws Exception {
        tearAppend();
        try (ZdbcStorage s = Db.openReadOnly(reg)) {
            Db.assertReads(s, V1, "t");
            assertEquals(1, s.state("t").version(), "still the first committed version");
        }
    }

    @Test
    void verifyReportsTheExtraBytesAndTheNextAppendCutsThemOff() throws Exception {
        List<Path> files = tearAppend();
        try (ZdbcStorage ro = Db.openReadOnly(reg)) {
            assertReportsExtraBytes(ro.verify(), files);
        }
        try (ZdbcStorage s = Db.open(reg)) {
            assertReportsExtraBytes(s.verify(), files); // no intent file: nothing to recover yet
            s.append("t", Db.batch(MORE));
            Db.assertReads(s, V1.plus(MORE), "t");
            Db.assertLegacyFiles(reg, V1.plus(MORE));
            for (Path f : files) {
                assertEquals(5 * 8, Files.size(f), f + " holds exactly the committed rows");
            }
            Db.assertVerifyOk(s);
            Db.assertNoStrayFiles(reg, s);
        }
    }

    @Test
    void tornAppendOfADeadWriterIsCutOffByRecoveryOnOpen() throws Exception {
        List<Path> files = tearAppend();
        Files.write(new Layout(reg).intentFile(), IntentCodec.encode(new Intent("t", V1.colNames())));
        try (ZdbcStorage ro = Db.openReadOnly(reg)) {
            VerifyReport r = ro.verify();
            assertReportsExtraBytes(r, files);
            assertTrue(
                    r.notes().toString().contains("an interrupted write is pending"),
                    r.notes().toString());
        }
        try (ZdbcStorage s = Db.open(reg)) {
            Db.assertReads(s, V1, "t");
            Db.assertLegacyFiles(reg, V1);
            Db.assertVerifyOk(s);
            Db.assertNoStrayFiles(reg, s);
        }
    }

    @Test
    void tornIntentFileMakesRecoveryCheckEveryTable() throws Exception {
        List<Path> files = tearAppend();
        byte[] intent = IntentCodec.encode(new Intent("t", V1.colNames()));
        Files.write(new Layout(reg).intentFile(), Arrays.copyOf(intent, intent.length - 2));
        try (ZdbcStorage s = Db.open(reg)) {
            Db.assertLegacyFiles(reg, V1);
            for (Path f : files) {
                assertEquals(3 * 8, Files.size(f));
            }
            Db.assertVerifyOk(s);
            Db.assertNoStrayFiles(reg, s);
        }
    }

    @Test
    void generationFileShorterThanCommittedIsCorruptNotTruncatedFurther() throws Exception {
        Path f;
        try (ZdbcStorage s = Db.openReadOnly(reg)) {
            f = s.state("t").columnFiles().get(0);
        }
        try (var ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(10);
        }
        try (ZdbcStorage s = Db.open(reg)) {
            assertTrue(s.verify().problems().toString().contains(f + " has 10 bytes, the schema says 3 rows × 8 = 24"));
            CorruptDatabaseException e = Db.assertThrowsWith(
                    CorruptDatabaseException.class,
                    () -> s.append("t", Db.batch(MORE)),
                    "column file has 10 bytes but 3 rows are committed (24 bytes)");
            assertEquals(f, e.file());
        }
        assertEquals(10, Files.size(f));
    }
}
