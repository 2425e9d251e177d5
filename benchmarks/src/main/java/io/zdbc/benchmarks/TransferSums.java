package io.zdbc.benchmarks;

import io.zdbc.api.ColumnView;
import io.zdbc.api.TableSnapshot;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;

/**
 * What every engine must agree on for the transfer table (id i64, sym str, price f64, volume i64):
 * the row count and a sum per column (sym: its total length in bytes). Prices are summed in
 * different orders by different engines, so they agree within 1e-9 relative.
 */
record TransferSums(long rows, long id, long sym, double price, long volume) {
    private static final int CHUNK = 1 << 16;

    /** The sums of a zdbc table's columns, read through its views. */
    static TransferSums of(TableSnapshot snap) {
        long rows = snap.rows();
        long id = sumLongs(snap.column("id"), rows);
        long volume = sumLongs(snap.column("volume"), rows);
        double price = 0;
        double[] d = new double[CHUNK];
        ColumnView p = snap.column("price");
        for (long from = 0; from < rows; from += CHUNK) {
            int n = (int) Math.min(CHUNK, rows - from);
            p.readDoubles(from, d, 0, n);
            for (int i = 0; i < n; i++) {
                price += d[i];
            }
        }
        long sym = 0;
        ColumnView s = snap.column("sym");
        for (long r = 0; r < rows; r++) {
            sym += s.getString(r).getBytes(StandardCharsets.UTF_8).length;
        }
        return new TransferSums(rows, id, sym, price, volume);
    }

    private static long sumLongs(ColumnView v, long rows) {
        long sum = 0;
        long[] a = new long[CHUNK];
        for (long from = 0; from < rows; from += CHUNK) {
            int n = (int) Math.min(CHUNK, rows - from);
            v.readLongs(from, a, 0, n);
            for (int i = 0; i < n; i++) {
                sum += a[i];
            }
        }
        return sum;
    }

    /** The sums of {@code relation} (a table name or a table function such as read_csv('…')) in DuckDB. */
    static TransferSums of(Connection duck, String relation) throws SQLException {
        try (Statement st = duck.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*), sum(id)::BIGINT, sum(strlen(sym))::BIGINT,"
                        + " sum(price)::DOUBLE, sum(volume)::BIGINT FROM " + relation)) {
            rs.next();
            return new TransferSums(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4), rs.getLong(5));
        }
    }

    /** The sums the Python script printed for one of its results. */
    static TransferSums of(Map<String, Object> json) {
        return new TransferSums(
                ((Number) json.get("rows")).longValue(),
                ((Number) json.get("id")).longValue(),
                ((Number) json.get("sym")).longValue(),
                ((Number) json.get("price")).doubleValue(),
                ((Number) json.get("volume")).longValue());
    }

    /** Throws naming both results unless they agree. */
    void check(String what, TransferSums want, String wantWhat) {
        boolean same = rows == want.rows
                && id == want.id
                && sym == want.sym
                && volume == want.volume
                && Math.abs(price - want.price) <= 1e-9 * Math.abs(want.price);
        if (!same) {
            throw new IllegalStateException(what + " " + this + " differs from " + wantWhat + " " + want);
        }
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT, "(rows %d, id %d, sym %d, price %.4f, volume %d)", rows, id, sym, price, volume);
    }
}
