package io.zdbc.flight.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Basic authentication: a user and password (from a file) log in for a bearer token. */
class FlightBasicAuthTest {
    static final String COUNT = "SELECT count(*) FROM trades";

    @TempDir
    static Path secrets;

    static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        FlightSecurity.Options o = new FlightSecurity.Options();
        o.user = "alice";
        o.passwordFile =
                Files.writeString(secrets.resolve("password"), "s3cret-pass\n").toString();
        f = new ServerFixture(1_000, ServerSettings.defaults("127.0.0.1", 0), o.build(n -> "--" + n));
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    static FlightRuntimeException refused(Executable call) {
        FlightRuntimeException e = assertThrows(FlightRuntimeException.class, call);
        assertEquals(FlightStatusCode.UNAUTHENTICATED, e.status().code(), e.toString());
        return e;
    }

    static long count(CallOption... options) throws Exception {
        try (var stream = f.client.getStream(new Ticket(COUNT.getBytes(StandardCharsets.UTF_8)), options)) {
            assertTrue(stream.next());
            return ((Number) stream.getRoot().getVector(0).getObject(0)).longValue();
        }
    }

    @Test
    void callWithoutCredentialsIsUnauthenticatedAndSaysWhatToSend() {
        FlightRuntimeException e = refused(() -> f.client.getInfo(FlightDescriptor.command(COUNT.getBytes())));
        assertTrue(e.getMessage().contains("needs a user name and password"), e.getMessage());
    }

    @Test
    void wrongPasswordIsRefusedAndTheServerKeepsServing() throws Exception {
        FlightRuntimeException e = refused(() -> f.client.authenticateBasicToken("alice", "s3cret"));
        assertEquals("user name or password refused", e.status().description());
        refused(() -> f.client.authenticateBasicToken("bob", "s3cret-pass"));
        assertEquals(
                1_000,
                count(f.client.authenticateBasicToken("alice", "s3cret-pass").orElseThrow()));
    }

    @Test
    void loginAnswersABearerTokenThatRunsQueries() throws Exception {
        CredentialCallOption token =
                f.client.authenticateBasicToken("alice", "s3cret-pass").orElseThrow();
        assertEquals(1_000, count(token));
        assertEquals(1_000, count(token)); // the token stays valid for later calls
    }

    @Test
    void bearerTokenTheServerDidNotIssueIsRefused() {
        CallOption forged = new CredentialCallOption(new BearerCredentialWriter("made-up"));
        FlightRuntimeException e = refused(() -> count(forged));
        assertTrue(e.getMessage().contains("bearer token refused"), e.getMessage());
        assertTrue(!e.getMessage().contains("made-up"), "a refusal never repeats the credential");
    }

    static String url(String query) {
        return "jdbc:arrow-flight-sql://127.0.0.1:" + f.port() + "?useEncryption=false&" + query;
    }

    @Test
    void jdbcDriverLogsInWithUserAndPasswordInTheUrl() throws SQLException {
        try (Connection c = DriverManager.getConnection(url("user=alice&password=s3cret-pass"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(COUNT)) {
            assertEquals(List.of(List.of(1_000L)), FlightSqlJdbcTest.rows(rs));
        }
    }

    @Test
    void jdbcDriverWithAWrongPasswordIsRefused() {
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Connection c = DriverManager.getConnection(url("user=alice&password=wrong"));
                    Statement s = c.createStatement()) {
                s.executeQuery(COUNT).close();
            }
        });
        assertTrue(messages(e).contains("UNAUTHENTICATED"), messages(e));
    }

    /** The messages of an exception and its causes: the driver wraps the gRPC status. */
    static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t).append('\n');
        }
        return b.toString();
    }
}
