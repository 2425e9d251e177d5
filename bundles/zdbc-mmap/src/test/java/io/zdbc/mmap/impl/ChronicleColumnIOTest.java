package io.zdbc.mmap.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zdbc.spi.MappedRegion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChronicleColumnIOTest {
    @TempDir
    Path dir;

    /**
     * A writer in another process deletes the files of a version a reader has just looked up;
     * the reader retries on {@link NoSuchFileException}, so that is what mapping a file that
     * vanishes must throw, whether it goes before the size check or between it and the open.
     */
    @Test
    void aFileDeletedWhileItIsMappedIsNoSuchFile() throws Exception {
        ChronicleColumnIO io = new ChronicleColumnIO();
        Path f = dir.resolve("col");
        Path tmp = dir.resolve("col.tmp");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> churnFailed = new AtomicReference<>();
        Thread churn = new Thread(() -> {
            try {
                while (!stop.get()) {
                    Files.write(tmp, new byte[8]);
                    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE); // whole or absent, as a column file
                    Files.delete(f);
                }
            } catch (IOException e) {
                churnFailed.set(e);
            }
        });
        churn.start();
        int mapped = 0;
        int vanished = 0;
        try {
            for (int i = 0; i < 20_000 && churnFailed.get() == null; i++) {
                try {
                    MappedRegion r = io.map(f, 8);
                    assertEquals(0, r.readLong(0));
                    r.release();
                    mapped++;
                } catch (NoSuchFileException e) {
                    vanished++;
                } catch (IOException e) {
                    fail("mapping a file deleted meanwhile threw " + e + " instead of NoSuchFileException", e);
                }
            }
        } finally {
            stop.set(true);
            churn.join();
        }
        assertEquals(null, churnFailed.get());
        assertTrue(mapped > 0 && vanished > 0, "mapped " + mapped + ", vanished " + vanished);
        assertEquals(0, ChronicleColumnIO.liveRegions());
    }
}
