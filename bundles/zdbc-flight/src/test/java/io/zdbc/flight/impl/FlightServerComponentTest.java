package io.zdbc.flight.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

/**
 * The component's Config Admin options for auth and TLS (the metatype names), as the framework
 * hands them over: an annotation instance whose unset attributes have their defaults.
 */
class FlightServerComponentTest {
    @TempDir
    Path dir;

    static FlightServerConfig config(Map<String, Object> set) {
        return (FlightServerConfig) Proxy.newProxyInstance(
                FlightServerConfig.class.getClassLoader(),
                new Class<?>[] {FlightServerConfig.class},
                (proxy, m, args) -> set.containsKey(m.getName()) ? set.get(m.getName()) : m.getDefaultValue());
    }

    static BundleContext context() {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(
                Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class}, (p, m, a) -> new Version(1, 0, 0));
        return (BundleContext) Proxy.newProxyInstance(
                BundleContext.class.getClassLoader(), new Class<?>[] {BundleContext.class}, (p, m, a) -> bundle);
    }

    @Test
    void tokenAndTlsFromTheConfigurationAreUsed() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "cfg-token");
        TestCertificate cert = TestCertificate.generate(dir, "cfg");
        try (ServerFixture f = new ServerFixture(100)) {
            FlightServerComponent c = new FlightServerComponent(
                    context(),
                    config(Map.of(
                            "port", 0,
                            "auth_token_file", token.toString(),
                            "tls_cert", cert.certPem().toString(),
                            "tls_key", cert.keyPem().toString())),
                    List.of(Map.entry(Map.of("name", "db"), f.db)));
            try (var roots = Files.newInputStream(cert.certPem());
                    FlightClient client = FlightClient.builder(f.allocator, new Location(c.location()))
                            .useTls()
                            .trustedCertificates(roots)
                            .build();
                    var stream = client.getStream(
                            new Ticket("SELECT count(*) FROM trades".getBytes(StandardCharsets.UTF_8)),
                            new CredentialCallOption(new BearerCredentialWriter("cfg-token")))) {
                assertEquals("grpc+tls", c.location().getScheme());
                assertTrue(stream.next());
                assertEquals(100L, stream.getRoot().getVector(0).getObject(0));
            } finally {
                c.deactivate();
            }
        }
    }

    @Test
    void aBadOptionIsRefusedByItsConfigurationName() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new FlightServerComponent(context(), config(Map.of("port", 0, "auth_user", "alice")), List.of()));
        assertEquals(
                "basic authentication needs a password: set io.zdbc.flight auth_password_file or io.zdbc.flight"
                        + " auth_password_env",
                e.getMessage());
    }
}
