package io.zdbc.corruption;

import static io.zdbc.api.query.Expressions.col;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.query.Query;
import io.zdbc.corruption.Reference.TableData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** Reads a table through the engine every way a user can, and says how it differs from the expected data. */
final class TableChecks {
    private TableChecks() {}

    /** Every column, every row, through the zero-copy views; strings both raw and decoded. */
    static TableData readAll(Database db, String table) {
        try (TableSnapshot s = db.read(table)) {
            List<ColumnDef> cols = new ArrayList<>();
            List<byte[]> bytes = new ArrayList<>();
            for (ColumnView v : s.columns()) {
                cols.add(ColumnDef.of(v.name(), v.type()));
                int n = Math.toIntExact(v.rows());
                ByteBuffer b = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
                if (v.type() == ColumnType.I64) {
                    b.asLongBuffer().put(v.toLongArray());
                } else if (v.type() == ColumnType.F64) {
                    for (double d : v.toDoubleArray()) {
                        b.putLong(Double.doubleToRawLongBits(d));
                    }
                } else {
                    String[] decoded = v.toStringArray();
                    for (int r = 0; r < n; r++) {
                        byte[] raw = v.getRawString(r);
                        b.put(raw);
                        String want = decode(raw);
                        if (!want.equals(decoded[r]) || !want.equals(v.getString(r))) {
                            throw new AssertionError("str row " + r + " of " + table + "." + v.name() + " decodes as '"
                                    + decoded[r] + "', its bytes say '" + want + "'");
                        }
                    }
                }
                bytes.add(b.array());
            }
            return new TableData(cols, s.rows(), bytes);
        }
    }

    /** FORMAT.md 1.4: trailing spaces and NULs stripped, UTF-8 with replacement. */
    private static String decode(byte[] raw) {
        int end = raw.length;
        while (end > 0 && (raw[end - 1] == ' ' || raw[end - 1] == 0)) {
            end--;
        }
        return new String(raw, 0, end, StandardCharsets.UTF_8);
    }

    /** Queries through the DSL and their answers computed from the data; each pair must agree. */
    static List<Probe> probes(String table) {
        List<Probe> out = new ArrayList<>();
        out.add(new Probe("count()", db -> db.table(table).count().collect().value(), d -> d.rows()));
        out.add(new Probe("db.count", db -> db.count(table), d -> d.rows()));
        out.add(new Probe("info.rows", db -> db.info(table).rows(), d -> d.rows()));
        out.add(new Probe("info.columns", db -> db.info(table).columns(), d -> d.columns()));
        return out;
    }

    /** Probes that need a column of a type; {@code data} says which columns there are. */
    static List<Probe> columnProbes(String table, TableData data) {
        List<Probe> out = new ArrayList<>();
        for (int i = 0; i < data.columns().size(); i++) {
            ColumnDef c = data.columns().get(i);
            String n = c.name();
            if (c.type() == ColumnType.I64) {
                out.add(new Probe(
                        "sum(" + n + ")",
                        db -> q(db, table).select(n).sum().collect().value(),
                        d -> d.rows() == 0 ? null : longs(d, n).stream().reduce(0L, Long::sum)));
                out.add(new Probe(
                        "min(" + n + ")",
                        db -> q(db, table).select(n).min().collect().value(),
                        d -> longs(d, n).stream().min(Long::compare).orElse(null)));
                out.add(new Probe(
                        "max(" + n + ")",
                        db -> q(db, table).select(n).max().collect().value(),
                        d -> longs(d, n).stream().max(Long::compare).orElse(null)));
                out.add(new Probe(
                        "count where " + n + " > 0",
                        db -> q(db, table)
                                .where(col(n).gt(0L))
                                .count()
                                .collect()
                                .value(),
                        d -> longs(d, n).stream().filter(v -> v > 0).count()));
            } else if (c.type() == ColumnType.F64) {
                out.add(new Probe(
                        "count where " + n + " < 0.5",
                        db -> q(db, table)
                                .where(col(n).lt(0.5))
                                .count()
                                .collect()
                                .value(),
                        d -> longs(d, n).stream()
                                .filter(v -> Double.longBitsToDouble(v) < 0.5)
                                .count()));
            }
        }
        return out;
    }

    private static Query q(Database db, String table) {
        return db.table(table);
    }

    /** The column's 8-byte values as longs (raw bits for f64). */
    private static List<Long> longs(TableData d, String column) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < d.columns().size(); i++) {
            if (d.columns().get(i).name().equals(column)) {
                for (long v : BaseDatabases.longs(d.bytes().get(i))) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    /** One question asked of the engine, and the answer the data gives. */
    record Probe(String name, Function<Database, Object> ask, Function<TableData, Object> answer) {
        /** Null if the engine's answer is one of the expected data's, else how it differs. */
        String mismatch(Object got, List<TableData> acceptable) {
            List<Object> want = new ArrayList<>();
            for (TableData d : acceptable) {
                Object w = answer.apply(d);
                // The DSL's sum of no rows may be 0 or null (SQL's answer); both are documented.
                if (same(got, w) || (w == null && name.startsWith("sum") && Objects.equals(got, 0L))) {
                    return null;
                }
                want.add(w);
            }
            return name + " gave " + got + ", the data says " + (want.size() == 1 ? want.get(0) : "one of " + want);
        }

        private static boolean same(Object a, Object b) {
            if (a instanceof Number && b instanceof Number) {
                return ((Number) a).longValue() == ((Number) b).longValue();
            }
            return Objects.equals(a, b);
        }
    }
}
