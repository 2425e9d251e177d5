package io.zdbc.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The peers of {@link TransferComparison}: DuckDB JDBC importing into a database file and
 * exporting with {@code COPY}, a plain file copy with fsync, and the Python script
 * ({@code transfer_peers.py}: Polars and pyarrow, in memory) run as a subprocess.
 */
final class TransferPeers {
    private final Path python;
    private final Path script;

    TransferPeers(Path python, Path script) {
        this.python = python;
        this.script = script;
    }

    /** Writes data.csv, data.parquet (snappy) and data.feather (uncompressed) of {@code rows} rows into {@code dir}. */
    void generate(long rows, Path dir) {
        run(List.of("generate", Long.toString(rows), dir.toString()));
    }

    /** Times Polars and pyarrow on the files in {@code dir}; the script's JSON answer. */
    @SuppressWarnings("unchecked")
    Map<String, Object> timePython(Path dir, int runs) {
        return (Map<String, Object>) Json.parse(run(List.of("time", dir.toString(), Integer.toString(runs))));
    }

    private String run(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString()));
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited with " + p.exitValue());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("running " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** DuckDB creates {@code file} holding table t read by {@code reader} (e.g. read_csv('…')), and closes it. */
    static void duckImport(Path file, String reader) throws SQLException, IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(Path.of(file + ".wal"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t AS SELECT * FROM " + reader);
        }
    }

    /** DuckDB's COPY of table t of the open database to {@code target} with {@code options}. */
    static void duckExport(Connection duck, Path target, String options) throws SQLException, IOException {
        Files.deleteIfExists(target);
        try (Statement st = duck.createStatement()) {
            st.execute("COPY t TO '" + target + "' (" + options + ")");
        }
    }

    /** Copies {@code from} to {@code to} (kernel copy) and syncs the copy to disk. */
    static void copyAndSync(Path from, Path to) throws IOException {
        Files.deleteIfExists(to);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = in.size();
            for (long done = 0; done < size; ) {
                done += in.transferTo(done, size - done, out);
            }
            out.force(true);
        }
    }

    /** A SQL string literal of a path. */
    static String quote(Path p) {
        return "'" + p.toString().replace("'", "''") + "'";
    }
}
