package io.zdbc.pytests;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.TableInfo;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.VerifyReport;
import io.zdbc.api.query.Result;
import io.zdbc.engine.Zdbc;
import io.zdbc.sql.Sql;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * The Java side of the Python interoperability tests (python/tests), run as a child JVM by pytest:
 * writes the shared test vectors, dumps what Java reads, appends while Python reads, and reads
 * while Python writes.
 */
public final class JavaSide {
    private JavaSide() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "vectors" -> Vectors.write(Path.of(args[1]));
            case "dump" -> dump(Path.of(args[1]));
            case "append" -> append(Path.of(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "read-loop" -> readLoop(Path.of(args[1]), args[2], Long.parseLong(args[3]));
            case "create-i64" -> createI64(Path.of(args[1]), args[2], Arrays.copyOfRange(args, 3, args.length));
            case "hold-lock" -> holdLock(Path.of(args[1]), args[2], Long.parseLong(args[3]));
            case "query" -> query(Path.of(args[1]));
            case "verify" -> verify(Arrays.copyOfRange(args, 1, args.length));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    /**
     * Every table as Java reads it, one line per column: {@code table|column|type|rows|values}, i64
     * in decimal, f64 as raw IEEE bits in hex, str as the 8 stored bytes in hex (exact for every value).
     */
    static void dump(Path db) {
        try (Database d = Zdbc.open(db, OpenOptions.readOnlyDefaults())) {
            for (String t : d.tables()) {
                TableInfo info = d.info(t);
                try (TableSnapshot s = d.read(t)) {
                    for (ColumnDef c : info.columns()) {
                        ColumnView v = s.column(c.name());
                        StringBuilder sb = new StringBuilder();
                        for (long r = 0; r < s.rows(); r++) {
                            sb.append(r == 0 ? "" : ",").append(value(v, c.type(), r));
                        }
                        System.out.println(
                                t + "|" + c.name() + "|" + c.type().name().toLowerCase() + "|" + s.rows() + "|" + sb);
                    }
                }
            }
        }
    }

    private static String value(ColumnView v, ColumnType type, long r) {
        return switch (type) {
            case I64 -> Long.toString(v.getLong(r));
            case F64 -> Long.toHexString(Double.doubleToRawLongBits(v.getDouble(r)));
            case STR -> HexFormat.of().formatHex(v.getRawString(r));
        };
    }

    /** Appends batches of self-describing rows (id = row number, twice = 2·id) to a table of those columns. */
    static void append(Path db, String table, int batches, int rowsPerBatch) {
        try (Database d = Zdbc.open(db)) {
            for (int b = 0; b < batches; b++) {
                long start = d.count(table);
                long[] id = new long[rowsPerBatch];
                long[] twice = new long[rowsPerBatch];
                for (int i = 0; i < rowsPerBatch; i++) {
                    id[i] = start + i;
                    twice[i] = 2 * (start + i);
                }
                d.append(
                        table, Batch.builder().i64("id", id).i64("twice", twice).build());
            }
        }
        System.out.println("appended " + batches);
    }

    /** Reads a table of self-describing rows until it has {@code rows} rows; each read must be a consistent prefix. */
    static void readLoop(Path db, String table, long rows) {
        long reads = 0;
        long last = -1;
        try (Database d = Zdbc.open(db, OpenOptions.readOnlyDefaults())) {
            while (last < rows) {
                try (TableSnapshot s = d.read(table, List.of("id", "twice"))) {
                    long n = s.rows();
                    if (n < last) {
                        throw new AssertionError("row count went back from " + last + " to " + n);
                    }
                    long[] id = s.column("id").toLongArray();
                    long[] twice = s.column("twice").toLongArray();
                    for (int i = 0; i < n; i++) {
                        if (id[i] != i || twice[i] != 2L * i) {
                            throw new AssertionError("row " + i + " of " + n + " is (" + id[i] + ", " + twice[i] + ")");
                        }
                    }
                    last = n;
                    reads++;
                }
            }
        }
        System.out.println("consistent reads " + reads);
    }

    /** Opens each database read-write (recovering a dead write, as `zdbc verify` does) and verifies it: one line each. */
    static void verify(String[] dbs) {
        for (String db : dbs) {
            try (Database d = Zdbc.open(Path.of(db))) {
                VerifyReport r = d.verify();
                System.out.println(db + "|" + r.tablesChecked() + "|"
                        + r.problems().size() + "|" + String.join("; ", r.problems()));
            }
        }
    }

    /**
     * Holds the write lock for {@code millis}: a streaming append to a table of one i64 column {@code x}
     * whose only batch arrives late. Prints "locked" once the lock is held.
     */
    static void holdLock(Path db, String table, long millis) {
        try (Database d = Zdbc.open(db)) {
            d.append(table, new Iterator<Batch>() {
                private boolean done;

                @Override
                public boolean hasNext() {
                    return !done;
                }

                @Override
                public Batch next() {
                    System.out.println("locked");
                    System.out.flush();
                    try {
                        Thread.sleep(millis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    done = true;
                    return Batch.builder().i64("x", 1).build();
                }
            });
        }
    }

    /** Creates an empty table of i64 columns. */
    static void createI64(Path db, String table, String[] columns) {
        try (Database d = Zdbc.open(db)) {
            d.create(
                    table,
                    Arrays.stream(columns)
                            .map(c -> new ColumnDef(c, ColumnType.I64))
                            .toList());
        }
    }

    /**
     * Answers SQL queries read from standard input, one a line, with the Java kernels: the first row
     * of each answer, values separated by '|', a null as "null".
     */
    static void query(Path db) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Database d = Zdbc.open(db, OpenOptions.readOnlyDefaults())) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                Result r = Sql.query(d, line).collect();
                StringBuilder sb = new StringBuilder();
                for (int c = 0; c < r.width(); c++) {
                    sb.append(c == 0 ? "" : "|").append(r.get(0, c));
                }
                System.out.println(sb);
            }
        }
    }
}
