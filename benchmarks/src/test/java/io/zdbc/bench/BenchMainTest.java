package io.zdbc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 1000-row smoke run of every format: same sums everywhere, exit code 0, all outputs written, temp files gone. */
class BenchMainTest {
    @TempDir
    Path tmp;

    @Test
    void smokeRunAllFormatsAgree() throws Exception {
        Path out = tmp.resolve("out");
        Path work = tmp.resolve("work");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = BenchMain.run(
                new String[] {
                    "--rows",
                    "1000",
                    "--runs",
                    "1",
                    "--warmup",
                    "0",
                    "--warmup-ms",
                    "0",
                    "--no-progress",
                    "--out",
                    out.toString(),
                    "--work",
                    work.toString()
                },
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String text = stdout.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text + stderr.toString(StandardCharsets.UTF_8));
        int n = BenchMain.allFormats().size();
        assertTrue(text.contains(n + " of " + n + " formats agree"), text);
        for (String f :
                new String[] {"zdbc FAST", "zdbc DURABLE", "Feather zstd", "Parquet snappy", "CSV", "DuckDB on Parquet"
                }) {
            assertTrue(text.contains(f), f + " missing in\n" + text);
        }
        assertTrue(Files.size(out.resolve("results.csv")) > 0);
        assertTrue(Files.readString(out.resolve("results.json")).contains("\"cells\""));
        assertTrue(Files.size(out.resolve("chart-1000.png")) > 1000);
        String csv = Files.readString(out.resolve("results.csv"));
        assertEquals(1 + n * Op.values().length, csv.lines().count(), csv);
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(0, left.count(), "temporary files left in " + work);
        }
    }

    @Test
    void unknownFormatIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchMain.run(
                new String[] {"--formats", "nope", "--work", tmp.toString(), "--out", tmp.toString()},
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown format 'nope'"));
    }

    @Test
    void medianAndSizes() {
        assertEquals(2.0, BenchMain.median(new double[] {3, 1, 2}));
        assertEquals(2.5, BenchMain.median(new double[] {4, 1, 2, 3}));
        assertEquals(10_000_000, BenchMain.parseRows("1e7"));
        assertEquals(10_000, BenchMain.parseRows("10_000"));
    }
}
