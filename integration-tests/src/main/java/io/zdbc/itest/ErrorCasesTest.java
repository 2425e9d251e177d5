package io.zdbc.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Database;
import io.zdbc.api.DatabaseService;
import io.zdbc.api.InvalidNameException;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.TableExistsException;
import io.zdbc.api.ViewClosedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/** Misuse surfaces as the API's own exceptions, across the bundle boundary. */
@ExtendWith(ServiceExtension.class)
class ErrorCasesTest {
    private static final Batch ONE_ROW =
            Batch.builder().i64("id", 1).str("name", "x").build();

    @InjectService(timeout = Timeouts.SERVICE_MS)
    DatabaseService service;

    @TempDir
    Path dir;

    private Database db;

    @BeforeEach
    void open() throws IOException {
        // One level down, so that anything escaping the data directory would still land inside dir.
        db = service.open(Files.createDirectories(dir.resolve("sub")).resolve("db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void missingTableIsNoSuchTable() {
        NoSuchTableException e = assertThrows(NoSuchTableException.class, () -> db.read("missing"));
        assertEquals("missing", e.table());
        assertThrows(NoSuchTableException.class, () -> db.info("missing"));
        assertThrows(NoSuchTableException.class, () -> db.column("missing", "id"));
        assertThrows(NoSuchTableException.class, () -> db.append("missing", ONE_ROW));
        assertThrows(NoSuchTableException.class, () -> db.drop("missing"));
    }

    @Test
    void pathTraversalTableNameIsInvalidAndWritesNothing() throws IOException {
        assertThrows(InvalidNameException.class, () -> db.write("../evil", ONE_ROW));
        assertThrows(
                InvalidNameException.class, () -> db.create("../evil", List.of(ColumnDef.of("id", ColumnType.I64))));
        assertEquals(List.of(), db.tables());
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> evil =
                    all.filter(p -> p.getFileName().toString().contains("evil")).collect(Collectors.toList());
            assertEquals(List.of(), evil, "files named after the rejected table");
        }
    }

    @Test
    void creatingAnExistingTableIsTableExists() {
        db.write("t", ONE_ROW);
        assertThrows(TableExistsException.class, () -> db.create("t", ONE_ROW.defs()));
        assertEquals(1, db.count("t"));
    }

    @Test
    void closedDatabaseRefusesUse() {
        db.close();
        assertThrows(ViewClosedException.class, () -> db.tables());
    }
}
