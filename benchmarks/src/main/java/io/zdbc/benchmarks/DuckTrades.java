package io.zdbc.benchmarks;

import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.TableSnapshot;
import io.zdbc.engine.Zdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/** Loads a prepared {@link TradesTable} into a DuckDB connection, from the zdbc column files' views. */
final class DuckTrades {
    private DuckTrades() {}

    /** Creates {@code trades(sym VARCHAR, price DOUBLE, volume BIGINT)} and appends every row. */
    static void load(Connection conn, int rows) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE TABLE trades (sym VARCHAR, price DOUBLE, volume BIGINT)");
        }
        try (Database db = Zdbc.open(TradesTable.registry(rows), OpenOptions.readOnlyDefaults());
                TableSnapshot s = db.read(TradesTable.TABLE, List.of("sym", "price", "volume"));
                DuckDBAppender app =
                        ((DuckDBConnection) conn).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "trades")) {
            ColumnView sym = s.column("sym");
            ColumnView price = s.column("price");
            ColumnView volume = s.column("volume");
            for (long r = 0; r < rows; r++) {
                app.beginRow();
                app.append(sym.getString(r));
                app.append(price.getDouble(r));
                app.append(volume.getLong(r));
                app.endRow();
            }
        }
    }
}
