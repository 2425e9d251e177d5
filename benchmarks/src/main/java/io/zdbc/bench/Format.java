package io.zdbc.bench;

import io.zdbc.benchdata.PlayersTable;
import java.nio.file.Path;
import java.util.List;

/**
 * One storage format as its own library uses it best. Every operation starts from the files in
 * {@code dir} (nothing cached between runs) and gives the same kind of result for every format.
 */
interface Format {
    /** Display name, e.g. "Parquet snappy". */
    String name();

    /** Short id for CSV/JSON/file names, e.g. "parquet-snappy". */
    String id();

    /** Writes the table's arrays into the empty directory {@code dir}: writer open, encode, close. */
    void write(PlayersTable data, Path dir) throws Exception;

    /**
     * Opens the files and brings {@code columns} into the form the format queries (zdbc: views;
     * Feather: a loaded VectorSchemaRoot; Parquet/CSV: decoded arrays; DuckDB: rows fetched into
     * arrays). The handle is closed outside the timed section.
     */
    Loaded load(Path dir, List<String> columns) throws Exception;

    /** Opens the files and copies all five columns into {@code long[]/double[]/String[]}, closing what it opened. */
    Columns materialize(Path dir) throws Exception;

    /** Opens the files and sums id, score and active over every row, closing what it opened. */
    Sums scan(Path dir) throws Exception;

    /** True when {@link #load} of all columns already produces {@link #materialize}'s arrays (same code). */
    default boolean loadIsMaterialize() {
        return false;
    }

    /** False for a peer that reads another format's file (its write and size are that format's). */
    /** Shown in the write column of a format that does not write ({@link #writes()} false). */
    default String writeNote() {
        return "n/a (reads Parquet snappy's file)";
    }

    default boolean writes() {
        return true;
    }

    /** One line on how this format is written and read, for the legend. */
    String method();

    /** Opened data in ready-to-query form; {@link #rows()} is checked against the data written. */
    interface Loaded extends AutoCloseable {
        long rows();

        int columns();

        @Override
        void close() throws Exception;

        static Loaded of(long rows, int columns, AutoCloseable closer) {
            return new Loaded() {
                @Override
                public long rows() {
                    return rows;
                }

                @Override
                public int columns() {
                    return columns;
                }

                @Override
                public void close() throws Exception {
                    if (closer != null) {
                        closer.close();
                    }
                }
            };
        }
    }
}
