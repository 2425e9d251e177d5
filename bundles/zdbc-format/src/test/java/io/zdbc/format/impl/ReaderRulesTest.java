package io.zdbc.format.impl;

import static io.zdbc.format.impl.HandBuilt.f64;
import static io.zdbc.format.impl.HandBuilt.i64;
import static io.zdbc.format.impl.HandBuilt.str;
import static io.zdbc.format.impl.HandBuilt.table;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.format.impl.HandBuilt.Table;
import io.zdbc.spi.TableState;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FORMAT.md, "Readers": what a lock-free reader may rely on between two commits. */
class ReaderRulesTest {
    @TempDir
    Path tmp;

    static final Table V1 = table("t", 3, i64("id", 1, 2, 3), str("name", "a", "b", "c"), f64("score", 1.5, 2.5, 3.5));
    static final Table MORE = table("t", 2, i64("id", 4, 5), str("name", "d", "e"), f64("score", 4.5, 5.5));

    private static byte[] prefix(Path f, long bytes) throws Exception {
        try (InputStream in = Files.newInputStream(f)) {
            return in.readNBytes((int) bytes);
        }
    }

    @Test
    void appendKeepsTheFilesAndBytesOfTheOlderVersion() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage w = Db.open(reg); ZdbcStorage r = Db.openReadOnly(reg)) {
            w.replace("t", Db.batch(V1));
            TableState before = r.state("t");
            w.append("t", Db.batch(MORE));
            TableState after = r.state("t");
            assertEquals(before.columnFiles(), after.columnFiles(), "an append commits more rows of the same files");
            assertEquals(before.version() + 1, after.version());
            for (int i = 0; i < before.columnFiles().size(); i++) {
                assertArrayEquals(V1.cols().get(i).data(), prefix(before.columnFiles().get(i), before.rows() * 8),
                        "the older version's rows × 8 bytes are unchanged");
            }
        }
    }

    @Test
    void replaceWritesANewGenerationAndTheOldFilesVanish() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage w = Db.open(reg); ZdbcStorage r = Db.openReadOnly(reg)) {
            w.replace("t", Db.batch(V1));
            TableState before = r.state("t");
            w.replace("t", Db.batch(MORE));
            TableState after = r.state("t");
            assertEquals(before.version() + 1, after.version());
            for (int i = 0; i < before.columnFiles().size(); i++) {
                assertNotEquals(before.columnFiles().get(i), after.columnFiles().get(i));
                assertFalse(Files.exists(before.columnFiles().get(i)),
                        "a reader that finds its files gone reads the state again (retry)");
            }
            Db.assertReads(r, MORE, "t");
        }
    }

    @Test
    void openMappingsOfAnOldGenerationStayReadableAfterReplace() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage w = Db.open(reg)) {
            w.replace("t", Db.batch(V1));
            Path f = w.state("t").columnFiles().get(0);
            try (var ch = java.nio.channels.FileChannel.open(f)) {
                var map = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, 24);
                w.replace("t", Db.batch(MORE));
                assertFalse(Files.exists(f));
                byte[] b = new byte[24];
                map.get(b);
                assertArrayEquals(V1.cols().get(0).data(), b, "the inode lives while it is mapped");
            }
        }
    }

    @Test
    void legacyColumnFilesAreHardLinksOfTheCommittedGeneration() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage w = Db.open(reg)) {
            w.replace("t", Db.batch(V1));
            TableState st = w.state("t");
            for (int i = 0; i < st.columns().size(); i++) {
                Path legacy = tmp.resolve("DBdir/t." + st.columns().get(i).name());
                assertTrue(Files.isSameFile(legacy, st.columnFiles().get(i)));
            }
            assertEquals(Arrays.asList("t"), w.tables());
        }
    }
}
