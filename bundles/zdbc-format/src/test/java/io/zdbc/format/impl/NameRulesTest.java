package io.zdbc.format.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.InvalidNameException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** FORMAT.md, "Names": what a new table or column may be called, and why. */
class NameRulesTest {
    @TempDir
    Path tmp;

    ZdbcStorage s;

    @BeforeEach
    void open() {
        s = Db.open(tmp.resolve("DB"));
    }

    @AfterEach
    void close() {
        s.close();
    }

    static Stream<Arguments> badTableNames() {
        return Stream.of(
                Arguments.of("", "empty"),
                Arguments.of("..", "has a '..' segment"),
                Arguments.of(".", "has a '.' segment"),
                Arguments.of("a/../b", "has a '..' segment"),
                Arguments.of("/abs", "is absolute"),
                Arguments.of("a\0b", "contains a NUL character"),
                Arguments.of("a//b", "has an empty path segment"),
                Arguments.of("a/", "has an empty path segment"),
                Arguments.of("a\\b", "contains a backslash"),
                Arguments.of(".zdbc/x", "'.zdbc' is reserved"),
                Arguments.of(".zdbc", "'.zdbc' is reserved"),
                Arguments.of("x".repeat(240), "is too long for a file name"));
    }

    @ParameterizedTest(name = "table name \"{0}\"")
    @MethodSource("badTableNames")
    void badTableNameIsRefusedByEveryOperation(String name, String reason) throws Exception {
        List<ColumnDef> cols = List.of(ColumnDef.of("a", ColumnType.I64));
        Batch b = Batch.builder().i64("a", 1).build();
        Db.assertThrowsWith(InvalidNameException.class, () -> s.create(name, cols), reason);
        Db.assertThrowsWith(InvalidNameException.class, () -> s.replace(name, b), reason);
        Db.assertThrowsWith(InvalidNameException.class, () -> s.append(name, b), reason);
        Db.assertThrowsWith(InvalidNameException.class, () -> s.drop(name), reason);
        Db.assertThrowsWith(InvalidNameException.class, () -> s.state(name), reason);
        assertEquals(List.of(), s.tables());
        assertNothingWrittenOutsideZdbc();
    }

    static Stream<Arguments> badColumnNames() {
        return Stream.of(
                Arguments.of("", "empty"),
                Arguments.of("a.b", "contains '.'"),
                Arguments.of("schema", "'schema' would collide with the schema file"),
                Arguments.of("a/b", "contains a path separator"),
                Arguments.of("a\\b", "contains a path separator"),
                Arguments.of("a\0b", "contains a NUL character"),
                Arguments.of("..", "contains '.'"),
                Arguments.of("c".repeat(239), "too long for a file name"));
    }

    @ParameterizedTest(name = "column name \"{0}\"")
    @MethodSource("badColumnNames")
    void badColumnNameIsRefusedByCreateAndReplace(String column, String reason) throws Exception {
        Db.assertThrowsWith(
                InvalidNameException.class,
                () -> s.create("t", List.of(ColumnDef.of(column, ColumnType.I64))),
                "column name",
                "in table 't'",
                reason);
        Db.assertThrowsWith(
                InvalidNameException.class,
                () -> s.replace("t", Batch.builder().i64(column, 1).build()),
                "column name",
                reason);
        assertEquals(List.of(), s.tables());
        assertNothingWrittenOutsideZdbc();
    }

    @Test
    void longestAcceptedTableNameCanBeWrittenAndDropped() throws Exception {
        String longest = longestAccepted(n -> "x".repeat(n), c -> {
            Layout.checkTableName(c);
            Layout.checkColumnName(c, "c");
        });
        Batch b = Batch.builder().i64("c", 1, 2).build();
        s.replace(longest, b);
        s.append(longest, b);
        assertEquals(4, s.state(longest).rows());
        Db.assertVerifyOk(s);
        s.drop(longest);
        Db.assertNoStrayFiles(tmp.resolve("DB"), s);
    }

    @Test
    void longestAcceptedColumnNameCanBeWritten() throws Exception {
        String longest = longestAccepted(n -> "c".repeat(n), c -> Layout.checkColumnName("t", c));
        Batch b = Batch.builder().i64(longest, 1, 2).build();
        s.replace("t", b);
        s.append("t", b);
        assertEquals(4, s.state("t").rows());
        Db.assertVerifyOk(s);
        Db.assertNoStrayFiles(tmp.resolve("DB"), s);
    }

    /** The longest name the checks accept, found by growing it until they refuse. */
    private static String longestAccepted(IntFunction<String> name, Consumer<String> check) {
        String ok = null;
        for (int n = 1; n < 400; n++) {
            try {
                check.accept(name.apply(n));
                ok = name.apply(n);
            } catch (InvalidNameException e) {
                return ok;
            }
        }
        throw new AssertionError("no length limit");
    }

    @Test
    void duplicateColumnIsRefused() {
        Db.assertThrowsWith(
                InvalidNameException.class,
                () -> s.create("t", List.of(ColumnDef.of("a", ColumnType.I64), ColumnDef.of("a", ColumnType.STR))),
                "appears twice in table 't'");
    }

    @Test
    void namesThatLookOddButAreSafeAreAccepted() throws Exception {
        for (String t : List.of("a.b", "a/.zdbc", "..a", "a%2Fb", "a/b%c", "日本", "a b", "schema")) {
            s.create(t, List.of(ColumnDef.of("c", ColumnType.I64), ColumnDef.of("tmp", ColumnType.F64)));
        }
        assertEquals(List.of("a.b", "a/.zdbc", "..a", "a%2Fb", "a/b%c", "日本", "a b", "schema"), s.tables());
        assertTrue(Files.isRegularFile(tmp.resolve("DBdir/a/.zdbc.schema")));
        assertTrue(
                Files.isDirectory(tmp.resolve("DBdir/.zdbc/t/a%252Fb")), "'%' is escaped so 'a%2Fb' and 'a/b' differ");
        Db.assertVerifyOk(s);
    }

    @Test
    void escapingOfTableDirectoriesIsInjective() {
        for (String t : List.of("a/b", "a%2Fb", "a%b", "%", "%25", "%2F", "a/%/b", "%%2F/")) {
            assertEquals(t, Layout.unescape(Layout.escape(t)));
        }
        assertEquals("a%2Fb", Layout.escape("a/b"));
        assertEquals("a%252Fb", Layout.escape("a%2Fb"));
    }

    private void assertNothingWrittenOutsideZdbc() throws Exception {
        try (Stream<Path> w = Files.walk(tmp.resolve("DBdir"))) {
            assertEquals(
                    List.of(),
                    w.filter(Files::isRegularFile)
                            .filter(p -> !p.startsWith(tmp.resolve("DBdir/.zdbc")))
                            .toList());
        }
    }
}
