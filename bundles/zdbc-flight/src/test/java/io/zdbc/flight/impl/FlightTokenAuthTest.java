package io.zdbc.flight.impl;

import static io.zdbc.flight.impl.FlightBasicAuthTest.COUNT;
import static io.zdbc.flight.impl.FlightBasicAuthTest.messages;
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
import org.junit.jupiter.api.io.TempDir;

/** A static bearer token (from a file): calls that carry it are served, others refused. */
class FlightTokenAuthTest {
    static final String TOKEN = "tok-7f3a9c";

    @TempDir
    static Path secrets;

    static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        FlightSecurity.Options o = new FlightSecurity.Options();
        o.tokenFile = Files.writeString(secrets.resolve("token"), TOKEN + "\n").toString();
        f = new ServerFixture(500, ServerSettings.defaults("127.0.0.1", 0), o.build(n -> "--" + n));
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    static CallOption bearer(String token) {
        return new CredentialCallOption(new BearerCredentialWriter(token));
    }

    static long count(CallOption... options) throws Exception {
        try (var stream = f.client.getStream(new Ticket(COUNT.getBytes(StandardCharsets.UTF_8)), options)) {
            assertTrue(stream.next());
            return ((Number) stream.getRoot().getVector(0).getObject(0)).longValue();
        }
    }

    @Test
    void callWithoutTheTokenIsUnauthenticatedAndSaysWhatToSend() {
        FlightRuntimeException e = FlightBasicAuthTest.refused(
                () -> f.client.getInfo(FlightDescriptor.command(COUNT.getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("needs a bearer token"), e.getMessage());
    }

    @Test
    void wrongTokenIsRefusedAndTheServerKeepsServing() throws Exception {
        FlightRuntimeException e = FlightBasicAuthTest.refused(() -> count(bearer(TOKEN + "x")));
        assertEquals("bearer token refused", e.status().description());
        assertEquals(500, count(bearer(TOKEN)));
    }

    @Test
    void basicCredentialsDoNotReplaceTheToken() {
        FlightRuntimeException e =
                assertThrows(FlightRuntimeException.class, () -> f.client.authenticateBasicToken("token", TOKEN));
        assertEquals(FlightStatusCode.UNAUTHENTICATED, e.status().code());
    }

    @Test
    void jdbcDriverWithTheTokenInTheUrlIsServedAndWithAnotherRefused() throws SQLException {
        String url = "jdbc:arrow-flight-sql://127.0.0.1:" + f.port() + "?useEncryption=false&token=";
        try (Connection c = DriverManager.getConnection(url + TOKEN);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(COUNT)) {
            assertEquals(List.of(List.of(500L)), FlightSqlJdbcTest.rows(rs));
        }
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Connection c = DriverManager.getConnection(url + "nope");
                    Statement s = c.createStatement()) {
                s.executeQuery(COUNT).close();
            }
        });
        assertTrue(messages(e).contains("UNAUTHENTICATED"), messages(e));
    }
}
