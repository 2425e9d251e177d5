package io.zdbc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnLengthMismatchException;
import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.CorruptDatabaseException;
import io.zdbc.api.Database;
import io.zdbc.api.InvalidNameException;
import io.zdbc.api.NoSuchColumnException;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.TableExistsException;
import io.zdbc.api.TypeMismatchException;
import io.zdbc.api.ZdbcException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input gets a specific exception naming the table, column or file, and no JVM crash. */
class ErrorsTest extends LeakCheckedTest {
    @TempDir
    Path dir;

    Database db;

    @BeforeEach
    void open() {
        db = Zdbc.open(dir.resolve("db"));
        db.write(
                "t",
                Batch.builder()
                        .i64("id", 1, 2, 3)
                        .f64("x", 1, 2, 3)
                        .str("s", "a", "b", "c")
                        .build());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void unknownTableNamesTheTable() {
        NoSuchTableException e = assertThrows(NoSuchTableException.class, () -> db.info("nope"));
        assertTrue(e.getMessage().contains("'nope'"));
        assertThrows(NoSuchTableException.class, () -> db.read("nope"));
        assertThrows(NoSuchTableException.class, () -> db.drop("nope"));
        assertThrows(
                NoSuchTableException.class,
                () -> db.append("nope", Batch.builder().i64("id", 1).build()));
    }

    @Test
    void unknownColumnNamesTableAndColumn() {
        NoSuchColumnException e = assertThrows(NoSuchColumnException.class, () -> db.column("t", "zzz"));
        assertEquals("table 't' has no column 'zzz'", e.getMessage());
    }

    @Test
    void readingAColumnAsTheWrongTypeIsATypeMismatch() {
        try (ColumnView v = db.column("t", "x")) {
            TypeMismatchException e = assertThrows(TypeMismatchException.class, () -> v.getLong(0));
            assertEquals("column 'x' of table 't' is f64, not i64", e.getMessage());
            assertThrows(TypeMismatchException.class, v::toStringArray);
        }
    }

    @Test
    void appendingTheWrongTypeIsATypeMismatch() {
        Batch wrong = Batch.builder().i64("id", 4).i64("x", 4).str("s", "d").build();
        TypeMismatchException e = assertThrows(TypeMismatchException.class, () -> db.append("t", wrong));
        assertTrue(e.getMessage().contains("'x'"));
        assertEquals(3, db.count("t"), "nothing was written");
    }

    @Test
    void appendingWithAMissingOrExtraColumnFails() {
        assertThrows(
                ZdbcException.class,
                () -> db.append("t", Batch.builder().i64("id", 4).build()));
        Batch extra = Batch.builder()
                .i64("id", 4)
                .f64("x", 4)
                .str("s", "d")
                .i64("more", 1)
                .build();
        assertThrows(NoSuchColumnException.class, () -> db.append("t", extra));
    }

    @Test
    void columnsOfUnequalLengthAreRejected() {
        ColumnLengthMismatchException e = assertThrows(
                ColumnLengthMismatchException.class,
                () -> Batch.builder().i64("a", 1, 2).f64("b", 1).build());
        assertTrue(e.getMessage().contains("'a' has 2 rows but 'b' has 1"));
    }

    @Test
    void creatingAnExistingTableFails() {
        assertThrows(TableExistsException.class, () -> db.create("t", List.of(ColumnDef.of("a", ColumnType.I64))));
    }

    @Test
    void invalidTableNamesNeverLeaveTheDataDirectory() {
        for (String bad :
                List.of("", "..", "../evil", "a/../../evil", "/etc/passwd", "a\0b", "a//b", ".zdbc/x", "a\\b")) {
            assertThrows(
                    InvalidNameException.class,
                    () -> db.write(bad, Batch.builder().i64("v", 1).build()),
                    bad);
        }
        assertFalse(Files.exists(dir.resolve("evil.schema")));
        assertFalse(Files.exists(dir.resolve("dbdir/../evil.schema")));
    }

    @Test
    void invalidColumnNamesAreRejected() {
        for (String bad : List.of("", "a.b", "schema", "a/b", "nul\0")) {
            InvalidNameException e = assertThrows(
                    InvalidNameException.class,
                    () -> db.write("u", Batch.builder().i64(bad, 1).build()),
                    bad);
            assertTrue(e.getMessage().contains("column name"));
        }
    }

    @Test
    void aColumnFileShorterThanTheSchemaIsReportedNotMapped() throws Exception {
        Path legacyOnly = dir.resolve("legacy");
        // A database as the original library writes it, whose column file lost its tail.
        try (Database l = Zdbc.open(legacyOnly)) {
            l.write("p", Batch.builder().i64("v", 1, 2, 3, 4).build());
        }
        Path commit = dir.resolve("legacydir/.zdbc");
        try (Stream<Path> s = Files.walk(commit)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        try (RandomAccessFile f =
                new RandomAccessFile(dir.resolve("legacydir/p.v").toFile(), "rw")) {
            f.setLength(12);
        }
        try (Database l = Zdbc.open(legacyOnly)) {
            CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> l.column("p", "v"));
            assertTrue(e.getMessage().contains("p.v"), e.getMessage());
            assertTrue(e.getMessage().contains("12 bytes"), e.getMessage());
            assertFalse(l.verify().ok());
            assertTrue(
                    l.verify().problems().get(0).contains("4 rows"),
                    l.verify().problems().toString());
        }
    }

    @Test
    void readingATableWhoseColumnFileIsGoneNamesTheFileInsteadOfRetrying() throws Exception {
        Path gen;
        try (Stream<Path> files = Files.list(dir.resolve("dbdir/.zdbc/t/t"))) {
            gen = files.filter(p -> p.getFileName().toString().endsWith(".id"))
                    .findFirst()
                    .orElseThrow();
        }
        Files.delete(gen);
        try (Database again = Zdbc.open(dir.resolve("db"))) {
            // It was retried 50 times as if a writer had just replaced the table, then called "changing".
            CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> again.read("t"));
            assertEquals(gen, e.file());
            assertTrue(e.getMessage().contains("column file of 't.id' is missing"), e.getMessage());
            assertEquals(
                    gen,
                    assertThrows(CorruptDatabaseException.class, () -> again.count("t"))
                            .file());
        }
    }

    @Test
    void garbageRegistryIsACorruptDatabase() throws Exception {
        Path reg = dir.resolve("garbage");
        Files.write(reg, new byte[] {(byte) 0xff, (byte) 0xff, 0x00, 0x01, 0x02});
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> Zdbc.open(reg));
        assertTrue(e.getMessage().startsWith(reg.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void readOnlyDatabaseRefusesWrites() {
        try (Database ro = Zdbc.open(dir.resolve("db"), OpenOptions.readOnlyDefaults())) {
            assertEquals(3, ro.count("t"));
            ZdbcException e = assertThrows(ZdbcException.class, () -> ro.drop("t"));
            assertTrue(e.getMessage().contains("read-only"));
        }
    }
}
