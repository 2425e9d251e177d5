package io.zdbc.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small run of the import/export comparison: the harness generates the files, runs every engine
 * and finds their results equal. Figures are not checked (speed is for the full run).
 */
class TransferComparisonTest {
    @TempDir
    Path tmp;

    @Test
    void smokeRunFindsEveryEnginesResultEqual() throws Exception {
        String python = System.getProperty("zdbc.python", "");
        assumeTrue(!python.isEmpty() && Files.isExecutable(Path.of(python)), "no Python test environment: " + python);
        List<String> lines = TransferComparison.compare(new String[] {
            "--rows",
            "20000",
            "--runs",
            "1",
            "--work",
            tmp.toString(),
            "--python",
            python,
            "--script",
            "transfer_peers.py"
        });
        String text = String.join("\n", lines);
        assertTrue(text.contains("every result equal (rows, per-column sums): (rows 20000, id 199990000,"), text);
        for (String op : List.of("CSV import", "Parquet import", "Feather import", "CSV export", "Parquet export")) {
            assertEquals(1, lines.stream().filter(l -> l.startsWith(op)).count(), text);
        }
        assertTrue(!Files.exists(tmp.resolve("work-20000")), "the scratch databases are removed");
    }
}
