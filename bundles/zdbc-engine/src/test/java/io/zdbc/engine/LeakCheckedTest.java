package io.zdbc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zdbc.mmap.impl.ChronicleColumnIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Fails a test that leaves mappings behind (Chronicle's and QuestDB's habit): every mapping made
 * during the test must be unmapped once its views and databases are closed.
 */
abstract class LeakCheckedTest {
    private long regionsBefore;

    @BeforeEach
    void recordMappings() {
        regionsBefore = ChronicleColumnIO.liveRegions();
    }

    @AfterEach
    void assertNoMappingLeft() {
        // Subclasses close their databases in their own @AfterEach, which JUnit runs before this one.
        assertEquals(regionsBefore, ChronicleColumnIO.liveRegions(), "mappings left open by the test");
    }
}
