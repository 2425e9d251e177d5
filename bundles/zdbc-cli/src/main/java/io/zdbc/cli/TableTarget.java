package io.zdbc.cli;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The {@code <db> <table>} arguments most commands start with. */
final class TableTarget {
    @Parameters(index = "0", paramLabel = "<db>", description = "Registry file of the database.")
    Path db;

    @Parameters(index = "1", paramLabel = "<table>", description = "Table name ('/' makes sub-directories).")
    String table;
}
