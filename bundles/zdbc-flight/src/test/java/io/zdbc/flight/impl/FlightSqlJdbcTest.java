package io.zdbc.flight.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.query.Result;
import io.zdbc.sql.Sql;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Arrow Flight SQL JDBC driver (what JDBC tools use) against the server. */
class FlightSqlJdbcTest {
    static ServerFixture f;
    static Connection conn;

    @BeforeAll
    static void start() throws SQLException {
        f = new ServerFixture(20_000);
        conn = DriverManager.getConnection(
                "jdbc:arrow-flight-sql://127.0.0.1:" + f.server.location().getPort() + "?useEncryption=false");
    }

    @AfterAll
    static void stop() throws Exception {
        conn.close();
        f.close();
    }

    static List<List<Object>> rows(ResultSet rs) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int c = 1; c <= n; c++) {
                row.add(rs.getObject(c));
            }
            rows.add(row);
        }
        return rows;
    }

    @Test
    void selectsAnswerAsTheSqlCompilerDoes() throws SQLException {
        for (String q : List.of(
                "SELECT * FROM trades WHERE sym='AAPL' AND qty > 45",
                "SELECT sym, count(*) AS n, sum(price) FROM trades GROUP BY sym ORDER BY n DESC",
                "SELECT count(*) FROM trades")) {
            try (Statement s = conn.createStatement();
                    ResultSet rs = s.executeQuery(q)) {
                assertEquals(FlightClientTest.rows(Sql.query(f.db, q).collect()), rows(rs), q);
            }
        }
    }

    @Test
    void resultSetMetadataNamesAndTypesTheColumns() throws SQLException {
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, sym, price FROM trades LIMIT 3")) {
            ResultSetMetaData md = rs.getMetaData();
            assertEquals(
                    List.of("id", "sym", "price"),
                    List.of(md.getColumnName(1), md.getColumnName(2), md.getColumnName(3)));
            assertEquals(
                    List.of(Types.BIGINT, Types.VARCHAR, Types.DOUBLE),
                    List.of(md.getColumnType(1), md.getColumnType(2), md.getColumnType(3)));
            assertEquals(3, rows(rs).size());
        }
    }

    @Test
    void preparedStatementRunsAgainAndSeesNewCommits() throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("SELECT count(*) FROM trades WHERE sym = 'MSFT'")) {
            long before;
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                before = rs.getLong(1);
            }
            f.db.append("trades", ServerFixture.trades(1_000_001, 4));
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(before + 1, rs.getLong(1));
            }
        }
    }

    @Test
    void metadataListsCatalogsTablesAndColumns() throws SQLException {
        DatabaseMetaData md = conn.getMetaData();
        try (ResultSet rs = md.getCatalogs()) {
            assertEquals(List.of(List.of((Object) "db")), rows(rs));
        }
        try (ResultSet rs = md.getTableTypes()) {
            assertEquals(List.of(List.of((Object) "TABLE")), rows(rs));
        }
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, null, "tr%", null)) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_CAT") + "." + rs.getString("TABLE_NAME") + ":"
                        + rs.getString("TABLE_TYPE"));
            }
        }
        assertEquals(List.of("db.trades:TABLE"), tables);
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = md.getColumns(null, null, "trades", "%")) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getString("TYPE_NAME"));
            }
        }
        assertEquals(List.of("id:BIGINT", "sym:VARCHAR", "price:DOUBLE", "qty:BIGINT"), columns);
        try (ResultSet rs = md.getSchemas()) {
            assertFalse(rs.next());
        }
    }

    @Test
    void badSqlIsAnSqlExceptionWithTheCompilersMessageAndTheConnectionGoesOn() throws SQLException {
        try (Statement s = conn.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM missing"));
            assertTrue(String.valueOf(e.getMessage()).contains("missing"), e.getMessage());
            SQLException update = assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM trades"));
            assertTrue(update.getMessage() != null, String.valueOf(update));
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM trades")) {
                assertTrue(rs.next());
                Result expected = Sql.query(f.db, "SELECT count(*) FROM trades").collect();
                assertEquals(expected.asLong(), rs.getLong(1));
            }
        }
    }
}
