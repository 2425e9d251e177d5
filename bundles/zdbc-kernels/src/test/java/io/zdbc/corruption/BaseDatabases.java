package io.zdbc.corruption;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.engine.Zdbc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The valid databases the fuzzer starts from, built once per run: tables zdbc committed, tables the
 * original library wrote (hand-built, no commit record), a nested name, a declared table, 0, 1 and
 * many rows of every type, and a leftover intent. Each case works on a copy that keeps hard links.
 */
final class BaseDatabases {
    /** One table of a base database as it was built: the truth the oracle starts from. */
    record TableModel(
            String name, List<ColumnDef> columns, long rows, List<byte[]> data, boolean committed, boolean declared) {}

    /** A base database: its registry path and its tables in registry order. */
    record Shape(String name, Path registry, List<TableModel> tables) {}

    private BaseDatabases() {}

    static List<Shape> build(Path root) throws IOException {
        return List.of(
                committed(root.resolve("committed")), legacy(root.resolve("legacy")), mixed(root.resolve("mixed")));
    }

    private static OpenOptions fast() {
        return OpenOptions.defaults().withDurability(Durability.FAST);
    }

    private static Shape committed(Path dir) throws IOException {
        Path reg = dir.resolve("db");
        Files.createDirectories(dir);
        try (Database db = Zdbc.open(reg, fast())) {
            db.write("t", everyType(37, 1));
            db.write(
                    "one",
                    Batch.builder().i64("k", Long.MIN_VALUE).f64("v", -0.0).build());
            db.create("empty", List.of(ColumnDef.of("a", ColumnType.I64), ColumnDef.of("s", ColumnType.STR)));
            db.write("data/nested", everyType(5, 2));
        }
        addDeclared(reg, "declared");
        return new Shape("committed", reg, models(reg));
    }

    private static Shape legacy(Path dir) throws IOException {
        Path reg = dir.resolve("db");
        Files.createDirectories(dir);
        writeRegistry(reg, List.of("old", "dir/old", "l1", "l0", "declared"));
        writeLegacy(reg, "old", everyType(23, 3));
        writeLegacy(reg, "dir/old", everyType(3, 4));
        writeLegacy(reg, "l1", Batch.builder().f64("x", Double.NaN).build());
        writeLegacy(
                reg,
                "l0",
                Batch.builder().i64("n", new long[0]).str("s", new String[0]).build());
        Zdbc.open(reg, fast()).close(); // creates zdbc's lock, change counter and table directory
        return new Shape("legacy", reg, models(reg));
    }

    private static Shape mixed(Path dir) throws IOException {
        Path reg = dir.resolve("db");
        Files.createDirectories(dir);
        writeRegistry(reg, List.of("old", "d"));
        writeLegacy(reg, "old", everyType(9, 5));
        List<ColumnDef> cols;
        try (Database db = Zdbc.open(reg, fast())) {
            db.write("c", everyType(7, 6));
            cols = db.info("c").columns();
        }
        // A writer that died after its commit point leaves its intent: the next writer recovers "c".
        Files.write(HandBytes.dataDir(reg).resolve(".zdbc/intent"), intent("c", cols));
        return new Shape("mixed", reg, models(reg));
    }

    /** Values chosen to cover the edges: extremes, NaN, infinities, -0.0, 8-byte and non-ASCII strings. */
    static Batch everyType(int rows, long salt) {
        long[] ids = new long[rows];
        double[] xs = new double[rows];
        String[] ss = new String[rows];
        long[] edgeL = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1};
        double[] edgeD = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE};
        String[] edgeS = {"", "12345678", "Zoë", "日本", "a b"};
        for (int i = 0; i < rows; i++) {
            ids[i] = i < edgeL.length ? edgeL[i] : i * 7919L * salt - 50;
            xs[i] = i < edgeD.length ? edgeD[i] : i * 0.25 * salt - 3;
            ss[i] = i < edgeS.length ? edgeS[i] : "s" + (i * salt);
        }
        return Batch.builder().i64("id", ids).f64("x", xs).str("s", ss).build();
    }

    private static void addDeclared(Path reg, String table) throws IOException {
        List<String> names = new ArrayList<>(HandBytes.registryNames(Files.readAllBytes(reg)));
        names.add(table);
        writeRegistry(reg, names);
    }

    static void writeRegistry(Path reg, List<String> names) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HandBytes.u32(names.size()));
        for (String n : names) {
            out.writeBytes(HandBytes.name(n));
        }
        Files.write(reg, out.toByteArray());
    }

    /** Writes a table the way the original library does: schema and raw column files, nothing else. */
    private static void writeLegacy(Path reg, String table, Batch b) throws IOException {
        Path schema = HandBytes.legacySchema(reg, table);
        Files.createDirectories(schema.getParent());
        Files.write(schema, HandBytes.schema(b.rows(), b.defs()));
        for (ColumnDef d : b.defs()) {
            Files.write(HandBytes.legacyColumn(reg, table, d.name()), HandBytes.columnBytes(b.column(d.name())));
        }
    }

    private static byte[] intent(String table, List<ColumnDef> cols) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("ZDBCINT1".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(HandBytes.name(table));
        out.writeBytes(HandBytes.u32(cols.size()));
        for (ColumnDef c : cols) {
            out.writeBytes(HandBytes.name(c.name()));
        }
        byte[] body = out.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(body);
        out.writeBytes(HandBytes.u32(crc.getValue()));
        return out.toByteArray();
    }

    /** Reads back what was built: the tables in registry order with their bytes. */
    private static List<TableModel> models(Path reg) throws IOException {
        List<TableModel> out = new ArrayList<>();
        for (String t : HandBytes.registryNames(Files.readAllBytes(reg))) {
            Path commit = HandBytes.commitFile(reg, t);
            Path schema = HandBytes.legacySchema(reg, t);
            if (!Files.exists(schema)) {
                out.add(new TableModel(t, List.of(), 0, List.of(), false, true));
                continue;
            }
            HandBytes.Schema s = HandBytes.decodeSchema(Files.readAllBytes(schema));
            List<byte[]> data = new ArrayList<>();
            for (ColumnDef c : s.columns()) {
                data.add(Files.readAllBytes(HandBytes.legacyColumn(reg, t, c.name())));
            }
            out.add(new TableModel(t, s.columns(), s.rows(), data, Files.exists(commit), false));
        }
        return out;
    }

    /** A database's directories and files held in memory, to lay down fresh copies quickly. */
    static final class Template {
        private final List<String> dirs = new ArrayList<>();
        private final List<String> files = new ArrayList<>();
        private final List<byte[]> bytes = new ArrayList<>();
        /** For a hard link of an earlier file, that file's index in {@code files}; else -1. */
        private final List<Integer> linkOf = new ArrayList<>();

        Template(Path from) throws IOException {
            Map<Object, Integer> byInode = new HashMap<>();
            try (Stream<Path> all = Files.walk(from)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    String rel = from.relativize(p).toString();
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isDirectory()) {
                        dirs.add(rel);
                        continue;
                    }
                    Integer first = byInode.putIfAbsent(a.fileKey(), files.size());
                    files.add(rel);
                    bytes.add(Files.readAllBytes(p));
                    linkOf.add(first == null ? -1 : first);
                }
            }
        }

        /** Every file's bytes by relative path, as the base database has them. */
        Map<String, byte[]> contents() {
            Map<String, byte[]> out = new HashMap<>();
            for (int i = 0; i < files.size(); i++) {
                out.put(files.get(i), bytes.get(i));
            }
            return out;
        }

        /** Writes a copy under {@code to}, hard links kept as hard links (as zdbc lays them out). */
        void copyTo(Path to) throws IOException {
            for (String d : dirs) {
                Files.createDirectories(to.resolve(d));
            }
            for (int i = 0; i < files.size(); i++) {
                Path target = to.resolve(files.get(i));
                if (linkOf.get(i) >= 0) {
                    Files.createLink(target, to.resolve(files.get(linkOf.get(i))));
                } else {
                    Files.write(target, bytes.get(i));
                }
            }
        }
    }

    static long[] longs(byte[] data) {
        long[] v = new long[data.length / 8];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(v);
        return v;
    }
}
