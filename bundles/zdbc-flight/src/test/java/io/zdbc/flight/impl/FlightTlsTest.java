package io.zdbc.flight.impl;

import static io.zdbc.flight.impl.FlightAuthTest.COUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.ZdbcException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS from a PEM certificate chain and key (a certificate generated for the test): clients that
 * trust it are served, a plaintext client and one that trusts another CA are refused.
 */
class FlightTlsTest {
    @TempDir
    static Path certs;

    static TestCertificate server;
    static TestCertificate other;
    static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        server = TestCertificate.generate(certs, "server");
        other = TestCertificate.generate(certs, "other");
        FlightSecurity.Options o = new FlightSecurity.Options();
        o.tlsCert = server.certPem().toString();
        o.tlsKey = server.keyPem().toString();
        f = new ServerFixture(2_000, ServerSettings.defaults("127.0.0.1", 0), o.build(n -> "--" + n));
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    static FlightClient client(Path trusted) throws Exception {
        try (InputStream roots = Files.newInputStream(trusted)) {
            return FlightClient.builder(f.allocator, Location.forGrpcTls("127.0.0.1", f.port()))
                    .useTls()
                    .trustedCertificates(roots)
                    .build();
        }
    }

    @Test
    void serverAnnouncesATlsLocation() {
        assertEquals("grpc+tls", f.server.location().getScheme());
    }

    @Test
    void clientTrustingTheCertificateIsServed() throws Exception {
        try (FlightClient c = client(server.certPem())) {
            assertEquals(2_000, ServerFixture.count(c));
        }
    }

    @Test
    void plaintextClientIsRefusedAndTheServerKeepsServing() throws Exception {
        try (FlightClient plain = FlightClient.builder(f.allocator, Location.forGrpcInsecure("127.0.0.1", f.port()))
                .build()) {
            FlightRuntimeException e = assertThrows(
                    FlightRuntimeException.class,
                    () -> plain.getInfo(FlightDescriptor.command(COUNT.getBytes(StandardCharsets.UTF_8))));
            assertEquals(FlightStatusCode.UNAVAILABLE, e.status().code(), e.toString());
        }
        try (FlightClient c = client(server.certPem())) {
            assertEquals(2_000, ServerFixture.count(c));
        }
    }

    @Test
    void clientTrustingAnotherCaIsRefused() throws Exception {
        try (FlightClient c = client(other.certPem())) {
            FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> ServerFixture.count(c));
            assertEquals(FlightStatusCode.UNAVAILABLE, e.status().code(), e.toString());
        }
    }

    static String jdbcUrl(TestCertificate trusted) {
        return "jdbc:arrow-flight-sql://127.0.0.1:" + f.port() + "?useEncryption=true&useSystemTrustStore=false"
                + "&trustStore=" + trusted.trustStore() + "&trustStorePassword=" + trusted.trustStorePassword();
    }

    @Test
    void jdbcDriverWithTheTrustStoreIsServedAndWithAnotherRefused() throws SQLException {
        assertEquals(List.of(List.of(2_000L)), FlightAuthTest.jdbcCount(jdbcUrl(server)));
        String refusal = FlightAuthTest.jdbcRefusal(jdbcUrl(other));
        assertTrue(refusal.contains("UNAVAILABLE"), refusal);
    }

    @Test
    void keyThatIsNotPemIsAnErrorNamingTheFiles() throws Exception {
        Path bad = Files.writeString(certs.resolve("bad-key.pem"), "not a key\n");
        FlightSecurity.Options o = new FlightSecurity.Options();
        o.tlsCert = server.certPem().toString();
        o.tlsKey = bad.toString();
        FlightSecurity security = o.build(n -> "--" + n);
        ZdbcException e = assertThrows(
                ZdbcException.class,
                () -> ZdbcFlightServer.start(Map.of("db", f.db), ServerSettings.defaults("127.0.0.1", 0), security, "t")
                        .close());
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    }
}
