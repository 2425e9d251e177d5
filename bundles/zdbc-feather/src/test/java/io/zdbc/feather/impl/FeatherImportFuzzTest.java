package io.zdbc.feather.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zdbc.api.Database;
import io.zdbc.engine.Zdbc;
import io.zdbc.engine.fuzz.ImportFuzzer;
import io.zdbc.engine.fuzz.ImportFuzzer.Base;
import io.zdbc.spi.connector.TransferOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.unsafe.UnsafeAllocationManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated Arrow IPC files and streams (our exports, uncompressed and ZSTD; the committed pyarrow
 * fixtures, uncompressed, ZSTD, LZ4 and a stream, with a dictionary column) imported into an
 * existing table and into a new one: each is imported or rejected naming the file, with the table
 * untouched; see docs/TESTING.md, "Import fuzzing".
 */
class FeatherImportFuzzTest {
    @TempDir
    Path dir;

    private final FeatherConnector feather = new FeatherConnector();

    @Test
    void mutatedFeatherFilesAreImportedOrRejectedNamingTheFile() throws Exception {
        List<Base> bases = new ArrayList<>();
        try (Database db = Zdbc.open(dir.resolve("src"))) {
            db.write("src", FeatherRoundTripTest.rows(40));
            for (String codec : List.of("none", "zstd")) {
                Path f = dir.resolve(codec + ".feather");
                feather.exportTable(
                        db,
                        "src",
                        f,
                        TransferOptions.defaults().withBatchRows(16).withCompression(codec));
                bases.add(new Base("our " + codec + " export", Files.readAllBytes(f)));
            }
        }
        for (String fixture : List.of("types.feather", "types-zstd.feather", "types-lz4.feather", "types.arrows")) {
            bases.add(new Base(fixture, Files.readAllBytes(FeatherFixturesTest.fixture(fixture))));
        }
        TransferOptions options = TransferOptions.defaults().withBatchRows(4);
        ImportFuzzer.Summary s = new ImportFuzzer(
                        "feather",
                        "feather",
                        dir.resolve("fuzz"),
                        (f, db, t) -> feather.importFile(f, db, t, options),
                        FeatherMutations::mutate)
                .countingNative(UnsafeAllocationManager::allocatedByThisThread)
                .run(bases, ImportFuzzer.seed(), ImportFuzzer.cases(1000));
        System.out.println(s);
        assertEquals(List.of(), s.problems(), s.toString());
    }
}
