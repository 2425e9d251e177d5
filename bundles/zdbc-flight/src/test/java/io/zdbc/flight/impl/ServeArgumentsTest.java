package io.zdbc.flight.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.ZdbcException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zdbc serve}'s options, the auth and TLS ones in particular, and their refusals. */
class ServeArgumentsTest {
    @TempDir
    Path dir;

    static ServeArguments parse(String... args) {
        return ServeArguments.parse(Arrays.asList(args));
    }

    static String refusal(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> parse(args)).getMessage();
    }

    @Test
    void defaultsAreLoopbackPlaintextAndNoAuth() {
        ServeArguments a = parse("db");
        assertEquals(List.of(Path.of("db")), a.databases());
        assertEquals("127.0.0.1", a.host());
        assertEquals(8815, a.port());
        assertFalse(a.security().authenticates());
        assertFalse(a.security().tls());
    }

    @Test
    void userAndPasswordFileMakeBasicAuth() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "hunter2\r\n");
        FlightSecurity s =
                parse("db", "--user", "alice", "--password-file", pw.toString()).security();
        assertEquals("alice", s.user());
        assertEquals("hunter2", new String(s.password(), StandardCharsets.UTF_8));
        assertNull(s.token());
        assertFalse(s.toString().contains("hunter2"), s.toString());
    }

    @Test
    void aSecretOnTheCommandLineIsRefused() {
        assertTrue(refusal("db", "--password", "x").contains("use --password-file or --password-env"));
        assertTrue(refusal("db", "--token", "x").contains("use --token-file or --token-env"));
    }

    @Test
    void tokenFromAnUnsetVariableIsRefusedNamingIt() {
        String missing = "ZDBC_TEST_UNSET_" + System.nanoTime();
        assertEquals(
                "--token-env: the environment variable " + missing + " is not set or empty",
                refusal("db", "--token-env", missing));
    }

    @Test
    void passwordFromTheEnvironment() {
        // PATH is set wherever the tests run: it stands in for a variable holding a password.
        FlightSecurity s = parse("db", "--user", "u", "--password-env", "PATH").security();
        assertEquals(System.getenv("PATH").strip(), new String(s.password(), StandardCharsets.UTF_8));
    }

    @Test
    void missingOrEmptySecretFilesAreRefusedNamingThem() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertTrue(refusal("db", "--token-file", dir.resolve("nope").toString()).contains("is not a readable file"));
        assertEquals("--token-file: " + empty + " is empty", refusal("db", "--token-file", empty.toString()));
    }

    @Test
    void halfConfiguredAuthOrTlsIsRefused() throws Exception {
        Path f = Files.writeString(dir.resolve("s"), "s");
        assertTrue(refusal("db", "--user", "u").contains("needs a password"));
        assertTrue(refusal("db", "--password-file", f.toString()).contains("no user"));
        assertTrue(refusal("db", "--user", "u", "--password-file", f.toString(), "--token-file", f.toString())
                .contains("not both"));
        assertTrue(refusal("db", "--tls-cert", f.toString()).contains("TLS needs both --tls-cert"));
    }

    @Test
    void noAuthOffLoopbackIsRefusedUnlessAllowed() throws Exception {
        try (ServerFixture f = new ServerFixture(0)) {
            ServerSettings anyAddress = ServerSettings.defaults("0.0.0.0", 0);
            ZdbcException e = assertThrows(
                    ZdbcException.class,
                    () -> ZdbcFlightServer.start(Map.of("db", f.db), anyAddress, FlightSecurity.none(), "t"));
            assertTrue(e.getMessage().startsWith("refusing to serve 0.0.0.0 without authentication"), e.getMessage());
            List<String> args = new ArrayList<>(List.of("db", "--allow-no-auth"));
            FlightSecurity allowed = ServeArguments.parse(args).security();
            ZdbcFlightServer.start(Map.of("db", f.db), anyAddress, allowed, "t").close();
        }
    }
}
