package io.zdbc.format.impl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ZDBC files built byte by byte from the layout in docs/FORMAT.md, without any production encoder
 * (no LeWriter, RegistryCodec, SchemaCodec, Str8), so a test comparing against these bytes checks
 * the writer against the spec and not against itself.
 */
final class HandBuilt {
    static final int I64 = 0;
    static final int F64 = 1;
    static final int STR = 2;

    private HandBuilt() {}

    /** One column of a table version: name, type byte and its exact file contents. */
    record Col(String name, int type, byte[] data) {}

    /** A table as the original library stores it: rows and columns in schema order. */
    record Table(String name, long rows, List<Col> cols) {
        Table {
            cols = List.copyOf(cols);
            for (Col c : cols) {
                if (c.data().length != rows * 8) {
                    throw new IllegalArgumentException(
                            c.name() + " has " + c.data().length + " bytes for " + rows + " rows");
                }
            }
        }

        byte[] schemaBytes() {
            Object[] spec = new Object[cols.size() * 2];
            for (int i = 0; i < cols.size(); i++) {
                spec[2 * i] = cols.get(i).name();
                spec[2 * i + 1] = cols.get(i).type();
            }
            return schema(rows, spec);
        }

        Col col(String n) {
            for (Col c : cols) {
                if (c.name().equals(n)) {
                    return c;
                }
            }
            return null;
        }

        List<String> colNames() {
            List<String> names = new ArrayList<>();
            for (Col c : cols) {
                names.add(c.name());
            }
            return names;
        }

        /** This table followed by {@code more}'s rows (same columns). */
        Table plus(Table more) {
            List<Col> out = new ArrayList<>();
            for (Col c : cols) {
                out.add(new Col(
                        c.name(), c.type(), concat(c.data(), more.col(c.name()).data())));
            }
            return new Table(name, rows + more.rows(), out);
        }

        Table named(String other) {
            return new Table(other, rows, cols);
        }
    }

    static byte[] u32(long v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    static byte[] u64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Registry: u32 count, then per table u32 name length + name bytes. */
    static byte[] registry(String... tables) {
        List<byte[]> parts = new ArrayList<>();
        parts.add(u32(tables.length));
        for (String t : tables) {
            parts.add(u32(utf8(t).length));
            parts.add(utf8(t));
        }
        return concat(parts.toArray(new byte[0][]));
    }

    /** Schema: u64 rows, u32 column count, per column u32 name length + name + u8 type. Spec is name, type, name, type... */
    static byte[] schema(long rows, Object... nameTypePairs) {
        List<byte[]> parts = new ArrayList<>();
        parts.add(u64(rows));
        parts.add(u32(nameTypePairs.length / 2));
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            byte[] n = utf8((String) nameTypePairs[i]);
            parts.add(u32(n.length));
            parts.add(n);
            parts.add(new byte[] {(byte) (int) (Integer) nameTypePairs[i + 1]});
        }
        return concat(parts.toArray(new byte[0][]));
    }

    static byte[] i64s(long... values) {
        byte[] out = new byte[values.length * 8];
        for (int i = 0; i < values.length; i++) {
            System.arraycopy(u64(values[i]), 0, out, 8 * i, 8);
        }
        return out;
    }

    static byte[] f64s(double... values) {
        byte[] out = new byte[values.length * 8];
        for (int i = 0; i < values.length; i++) {
            System.arraycopy(u64(Double.doubleToRawLongBits(values[i])), 0, out, 8 * i, 8);
        }
        return out;
    }

    /** 8 bytes per value, space-padded. Only for values of at most 8 UTF-8 bytes (no trimming here). */
    static byte[] strs(String... values) {
        byte[] out = new byte[values.length * 8];
        Arrays.fill(out, (byte) ' ');
        for (int i = 0; i < values.length; i++) {
            byte[] b = utf8(values[i]);
            if (b.length > 8) {
                throw new IllegalArgumentException("hand-built str value longer than 8 bytes: " + values[i]);
            }
            System.arraycopy(b, 0, out, 8 * i, b.length);
        }
        return out;
    }

    static Col i64(String name, long... values) {
        return new Col(name, I64, i64s(values));
    }

    static Col f64(String name, double... values) {
        return new Col(name, F64, f64s(values));
    }

    static Col str(String name, String... values) {
        return new Col(name, STR, strs(values));
    }

    static Table table(String name, long rows, Col... cols) {
        return new Table(name, rows, List.of(cols));
    }

    /** The data directory of a registry: {@code <db>dir}. */
    static Path dataDir(Path registry) {
        return registry.resolveSibling(registry.getFileName() + "dir");
    }

    /** Writes the registry and every table's schema and column files, as the original library would. */
    static void writeDatabase(Path registry, Table... tables) throws IOException {
        String[] names = new String[tables.length];
        for (int i = 0; i < tables.length; i++) {
            names[i] = tables[i].name();
        }
        Files.createDirectories(registry.getParent());
        Files.write(registry, registry(names));
        for (Table t : tables) {
            writeTableFiles(registry, t);
        }
    }

    static void writeTableFiles(Path registry, Table t) throws IOException {
        Path dir = dataDir(registry);
        Path schema = dir.resolve(t.name() + ".schema");
        Files.createDirectories(schema.getParent());
        Files.write(schema, t.schemaBytes());
        for (Col c : t.cols()) {
            Files.write(dir.resolve(t.name() + "." + c.name()), c.data());
        }
    }

    static long[] longsOf(byte[] data) {
        long[] out = new long[data.length / 8];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
        return out;
    }

    static double[] doublesOf(byte[] data) {
        double[] out = new double[data.length / 8];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
        return out;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length; i++) {
            sb.append(String.format("%02x", b[i] & 0xFF));
            sb.append(i % 16 == 15 ? '\n' : ' ');
        }
        return sb.toString().trim();
    }
}
