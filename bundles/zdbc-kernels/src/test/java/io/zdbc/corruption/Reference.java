package io.zdbc.corruption;

import io.zdbc.api.ColumnDef;
import io.zdbc.corruption.BaseDatabases.TableModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a mutated database must read as, worked out from the bytes on disk with {@link HandBytes}
 * (the oracle of {@link CorruptionFuzzTest}). {@code trusted} holds every file's bytes as the base
 * database had them; a metadata file whose bytes differ is "mutated".
 */
final class Reference {
    /** What reading a table must give. */
    enum Kind {
        OK,
        CORRUPT,
        NO_TABLE
    }

    /** A table's columns, rows and the committed bytes of each column. */
    record TableData(List<ColumnDef> columns, long rows, List<byte[]> bytes) {
        static TableData of(TableModel m) {
            return new TableData(m.columns(), m.rows(), m.data());
        }

        boolean sameAs(TableData o) {
            if (!columns.equals(o.columns) || rows != o.rows) {
                return false;
            }
            for (int i = 0; i < bytes.size(); i++) {
                if (!Arrays.equals(bytes.get(i), o.bytes.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The expectation for one table: {@code data} when OK; {@code blame} the file an error is about;
     * {@code strict} when no metadata the table depends on was mutated, so only {@code data} will do;
     * {@code exact} when every column file is exactly rows × 8 bytes (adopting a legacy table needs that).
     */
    record Expect(Kind kind, TableData data, Path blame, boolean strict, boolean legacy, boolean exact) {
        Expect(Kind kind, TableData data, Path blame, boolean strict, boolean legacy) {
            this(kind, data, blame, strict, legacy, true);
        }
    }

    private final Path reg;
    private final Path root;
    private final Map<String, byte[]> trusted;

    Reference(Path reg, Map<String, byte[]> trusted) {
        this.reg = reg;
        this.root = reg.getParent();
        this.trusted = trusted;
    }

    Path registry() {
        return reg;
    }

    byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the file is missing or its bytes differ from the base database's. */
    boolean mutated(Path f) {
        return !Arrays.equals(read(f), trusted.get(root.relativize(f).toString()));
    }

    /** Whether any file the table is read from (the registry included) differs from the base database's. */
    boolean touched(TableModel m) {
        if (mutated(reg)
                || mutated(HandBytes.commitFile(reg, m.name()))
                || mutated(HandBytes.legacySchema(reg, m.name()))) {
            return true;
        }
        byte[] commit =
                trusted.get(root.relativize(HandBytes.commitFile(reg, m.name())).toString());
        for (ColumnDef c : m.columns()) {
            if (mutated(HandBytes.legacyColumn(reg, m.name(), c.name()))
                    || (commit != null && mutated(HandBytes.generationFile(reg, m.name(), commit, c.name())))) {
                return true;
            }
        }
        return false;
    }

    /** The registry's names, or null when it is missing or corrupt. */
    List<String> tables() {
        byte[] b = read(reg);
        return b == null ? null : HandBytes.registryNames(b);
    }

    Expect expect(TableModel m) {
        List<String> tables = tables();
        if (tables == null) {
            return new Expect(Kind.CORRUPT, null, reg, false, false);
        }
        if (!tables.contains(m.name())) {
            return new Expect(Kind.NO_TABLE, null, reg, false, false);
        }
        Path commit = HandBytes.commitFile(reg, m.name());
        byte[] commitBytes = read(commit);
        if (commitBytes != null) {
            if (mutated(commit)) {
                return new Expect(Kind.CORRUPT, null, commit, false, false);
            }
            List<Path> files = new ArrayList<>();
            for (ColumnDef c : m.columns()) {
                files.add(HandBytes.generationFile(reg, m.name(), commitBytes, c.name()));
            }
            return data(m.columns(), m.rows(), files, true, false);
        }
        // No commit record: the original library's files, as a reader falls back to them.
        Path schema = HandBytes.legacySchema(reg, m.name());
        byte[] schemaBytes = read(schema);
        boolean strict = !mutated(schema) && !m.committed();
        if (schemaBytes == null) {
            return new Expect(Kind.OK, new TableData(List.of(), 0, List.of()), schema, strict, true);
        }
        HandBytes.Schema s = HandBytes.decodeSchema(schemaBytes);
        if (s == null) {
            return new Expect(Kind.CORRUPT, null, schema, false, true);
        }
        List<Path> files = new ArrayList<>();
        for (ColumnDef c : s.columns()) {
            if (c.name().indexOf('\0') >= 0) {
                return new Expect(Kind.CORRUPT, null, schema, false, true); // no file can have that name
            }
            files.add(HandBytes.legacyColumn(reg, m.name(), c.name()));
        }
        return data(s.columns(), s.rows(), files, strict, true);
    }

    /**
     * Column data is not checksummed: what is on disk within rows × 8 bytes is the answer. A file
     * that is missing or shorter is an error; bytes past rows × 8 are not read.
     */
    private Expect data(List<ColumnDef> cols, long rows, List<Path> files, boolean strict, boolean legacy) {
        List<byte[]> bytes = new ArrayList<>();
        boolean exact = true;
        for (Path f : files) {
            byte[] b = read(f);
            if (b == null || rows > b.length / 8) {
                return new Expect(Kind.CORRUPT, null, f, strict, legacy);
            }
            exact &= b.length == rows * 8;
            bytes.add(Arrays.copyOf(b, (int) rows * 8));
        }
        return new Expect(Kind.OK, new TableData(cols, rows, bytes), null, strict, legacy, exact);
    }

    /** Whether PROTOCOL.md section 5 makes {@code verify()} report a problem for what is on disk. */
    boolean verifyMustFail(List<TableModel> models) {
        List<String> tables = tables();
        if (tables == null) {
            return true;
        }
        for (TableModel m : models) {
            Path commit = HandBytes.commitFile(reg, m.name());
            byte[] commitBytes = read(commit);
            if (!tables.contains(m.name())) {
                if (commitBytes != null) {
                    return true; // its directory now belongs to no registered table
                }
                continue;
            }
            Path schema = HandBytes.legacySchema(reg, m.name());
            byte[] schemaBytes = read(schema);
            if (commitBytes != null) {
                if (mutated(commit) || !Arrays.equals(schemaBytes, HandBytes.schema(m.rows(), m.columns()))) {
                    return true;
                }
                List<Integer> sums = HandBytes.columnSums(commitBytes);
                for (int i = 0; i < m.columns().size(); i++) {
                    String c = m.columns().get(i).name();
                    Path gen = HandBytes.generationFile(reg, m.name(), commitBytes, c);
                    Path legacy = HandBytes.legacyColumn(reg, m.name(), c);
                    if (wrongSize(gen, m.rows())
                            || !sameFile(gen, legacy)
                            || (sums != null && HandBytes.crc32(read(gen), (int) m.rows() * 8) != sums.get(i))) {
                        return true;
                    }
                }
            } else if (schemaBytes != null) {
                HandBytes.Schema s = HandBytes.decodeSchema(schemaBytes);
                if (s == null) {
                    return true;
                }
                for (ColumnDef c : s.columns()) {
                    if (c.name().indexOf('\0') >= 0
                            || wrongSize(HandBytes.legacyColumn(reg, m.name(), c.name()), s.rows())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private boolean wrongSize(Path f, long rows) {
        byte[] b = read(f);
        return b == null || b.length / 8 != rows || b.length % 8 != 0;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
