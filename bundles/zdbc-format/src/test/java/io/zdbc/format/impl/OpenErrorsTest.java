package io.zdbc.format.impl;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.zdbc.api.ZdbcException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes in the database path get an error that says what a database path is. */
class OpenErrorsTest {
    @TempDir
    Path tmp;

    @Test
    void aDirectoryGivenAsTheDatabaseIsNamedAsSuchReadOnlyOrNot() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("backup"));
        Db.assertThrowsWith(
                ZdbcException.class,
                () -> Db.openReadOnly(dir).close(),
                dir.toString(),
                "is a directory, not a database",
                "registry file");
        Db.assertThrowsWith(
                ZdbcException.class, () -> Db.open(dir).close(), dir.toString(), "is a directory, not a database");
        assertFalse(Files.exists(tmp.resolve("backupdir")), "a refused open creates nothing");
    }
}
