package io.zdbc.flight.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication as the Java FlightClient and the Flight SQL JDBC driver see it: one server with a
 * user and password (from a file) that log in for a bearer token, one with a static token.
 */
class FlightAuthTest {
    static final String COUNT = "SELECT count(*) FROM trades";
    static final String TOKEN = "tok-7f3a9c";

    @TempDir
    static Path secrets;

    static ServerFixture basic;
    static ServerFixture token;

    @BeforeAll
    static void start() throws Exception {
        FlightSecurity.Options b = new FlightSecurity.Options();
        b.user = "alice";
        b.passwordFile =
                Files.writeString(secrets.resolve("password"), "s3cret-pass\n").toString();
        basic = new ServerFixture(1_000, ServerSettings.defaults("127.0.0.1", 0), b.build(n -> "--" + n));
        FlightSecurity.Options t = new FlightSecurity.Options();
        t.tokenFile = Files.writeString(secrets.resolve("token"), TOKEN + "\n").toString();
        token = new ServerFixture(500, ServerSettings.defaults("127.0.0.1", 0), t.build(n -> "--" + n));
    }

    @AfterAll
    static void stop() throws Exception {
        basic.close();
        token.close();
    }

    static FlightRuntimeException refused(Executable call) {
        FlightRuntimeException e = assertThrows(FlightRuntimeException.class, call);
        assertEquals(FlightStatusCode.UNAUTHENTICATED, e.status().code(), e.toString());
        return e;
    }

    static CallOption bearer(String token) {
        return new CredentialCallOption(new BearerCredentialWriter(token));
    }

    static String refusalWithoutCredentials(ServerFixture f) {
        byte[] sql = COUNT.getBytes(StandardCharsets.UTF_8);
        return refused(() -> f.client.getInfo(FlightDescriptor.command(sql))).getMessage();
    }

    @Test
    void callWithoutCredentialsIsUnauthenticatedAndSaysWhatToSend() {
        String basicRefusal = refusalWithoutCredentials(basic);
        assertTrue(basicRefusal.contains("needs a user name and password"), basicRefusal);
        String tokenRefusal = refusalWithoutCredentials(token);
        assertTrue(tokenRefusal.contains("needs a bearer token"), tokenRefusal);
    }

    @Test
    void wrongPasswordIsRefusedAndTheServerKeepsServing() throws Exception {
        FlightRuntimeException e = refused(() -> basic.client.authenticateBasicToken("alice", "s3cret"));
        assertEquals("user name or password refused", e.status().description());
        refused(() -> basic.client.authenticateBasicToken("bob", "s3cret-pass"));
        CredentialCallOption login =
                basic.client.authenticateBasicToken("alice", "s3cret-pass").orElseThrow();
        assertEquals(1_000, ServerFixture.count(basic.client, login));
    }

    @Test
    void loginAnswersABearerTokenThatRunsQueries() throws Exception {
        CredentialCallOption login =
                basic.client.authenticateBasicToken("alice", "s3cret-pass").orElseThrow();
        assertEquals(1_000, ServerFixture.count(basic.client, login));
        assertEquals(1_000, ServerFixture.count(basic.client, login)); // valid for later calls too
    }

    @Test
    void bearerTokenTheServerDidNotIssueIsRefused() {
        FlightRuntimeException e = refused(() -> ServerFixture.count(basic.client, bearer("made-up")));
        assertTrue(e.getMessage().contains("bearer token refused"), e.getMessage());
        assertFalse(e.getMessage().contains("made-up"), "a refusal never repeats the credential");
    }

    @Test
    void wrongStaticTokenIsRefusedAndTheServerKeepsServing() throws Exception {
        FlightRuntimeException e = refused(() -> ServerFixture.count(token.client, bearer(TOKEN + "x")));
        assertEquals("bearer token refused", e.status().description());
        assertEquals(500, ServerFixture.count(token.client, bearer(TOKEN)));
    }

    @Test
    void basicCredentialsDoNotReplaceTheStaticToken() {
        refused(() -> token.client.authenticateBasicToken("token", TOKEN));
    }

    static String url(ServerFixture f, String query) {
        return "jdbc:arrow-flight-sql://127.0.0.1:" + f.port() + "?useEncryption=false&" + query;
    }

    /** The JDBC driver's answer to COUNT, as rows. */
    static List<List<Object>> jdbcCount(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(COUNT)) {
            return FlightSqlJdbcTest.rows(rs);
        }
    }

    /** The messages of the driver's failure to run COUNT: it wraps the gRPC status. */
    static String jdbcRefusal(String url) {
        SQLException e = assertThrows(SQLException.class, () -> jdbcCount(url));
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t).append('\n');
        }
        return b.toString();
    }

    @Test
    void jdbcDriverLogsInWithUserAndPasswordInTheUrl() throws SQLException {
        assertEquals(List.of(List.of(1_000L)), jdbcCount(url(basic, "user=alice&password=s3cret-pass")));
        String refusal = jdbcRefusal(url(basic, "user=alice&password=wrong"));
        assertTrue(refusal.contains("UNAUTHENTICATED"), refusal);
    }

    @Test
    void jdbcDriverWithTheTokenInTheUrlIsServedAndWithAnotherRefused() throws SQLException {
        assertEquals(List.of(List.of(500L)), jdbcCount(url(token, "token=" + TOKEN)));
        String refusal = jdbcRefusal(url(token, "token=nope"));
        assertTrue(refusal.contains("UNAUTHENTICATED"), refusal);
    }
}
