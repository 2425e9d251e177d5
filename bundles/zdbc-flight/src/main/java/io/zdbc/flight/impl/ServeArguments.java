package io.zdbc.flight.impl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The command line of {@code zdbc serve <db>... [--host H] [--port P] [auth and TLS options]}. */
record ServeArguments(List<Path> databases, String host, int port, FlightSecurity security) {
    static final String USAGE = "usage: zdbc serve <db>... [--host H] [--port P] [auth and TLS options]\n"
            + "Serves the databases (registry file paths) over Arrow Flight and Flight SQL until interrupted.\n"
            + "  --host H             address to listen on (default " + ServerSettings.DEFAULT_HOST + ")\n"
            + "  --port P             TCP port (default " + ServerSettings.DEFAULT_PORT + "; 0 picks a free one)\n"
            + "Authentication (default none, allowed only on a loopback address); secrets come from a file\n"
            + "or an environment variable, never from the command line:\n"
            + "  --user U             user name: clients log in with it and the password, and get a bearer token\n"
            + "  --password-file F    file holding the password (one line)\n"
            + "  --password-env V     environment variable holding the password\n"
            + "  --token-file F       static bearer token instead of a user: file holding it\n"
            + "  --token-env V        environment variable holding the static bearer token\n"
            + "  --allow-no-auth      serve without authentication on an address other than loopback\n"
            + "TLS (default plaintext gRPC):\n"
            + "  --tls-cert F         PEM certificate chain\n"
            + "  --tls-key F          PEM private key (PKCS#8) of its first certificate";

    private static final Set<String> WITH_VALUE = Set.of(
            "--host",
            "--port",
            "--user",
            "--password-file",
            "--password-env",
            "--token-file",
            "--token-env",
            "--tls-cert",
            "--tls-key");

    /** Parses the arguments after {@code serve}. @throws IllegalArgumentException saying what is wrong */
    static ServeArguments parse(List<String> args) {
        List<Path> dbs = new ArrayList<>();
        String host = ServerSettings.DEFAULT_HOST;
        int port = ServerSettings.DEFAULT_PORT;
        FlightSecurity.Options security = new FlightSecurity.Options();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--allow-no-auth")) {
                security.allowNoAuth = true;
            } else if (a.equals("--password") || a.equals("--token")) {
                throw new IllegalArgumentException(a + ": a secret on the command line is visible to every user of"
                        + " this machine; use " + a + "-file or " + a + "-env");
            } else if (WITH_VALUE.contains(a)) {
                if (i + 1 == args.size()) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args.get(++i);
                switch (a) {
                    case "--host" -> host = v;
                    case "--port" -> port = port(v);
                    case "--user" -> security.user = v;
                    case "--password-file" -> security.passwordFile = v;
                    case "--password-env" -> security.passwordEnv = v;
                    case "--token-file" -> security.tokenFile = v;
                    case "--token-env" -> security.tokenEnv = v;
                    case "--tls-cert" -> security.tlsCert = v;
                    default -> security.tlsKey = v;
                }
            } else if (a.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + a);
            } else {
                dbs.add(Path.of(a));
            }
        }
        if (dbs.isEmpty()) {
            throw new IllegalArgumentException("name at least one database to serve");
        }
        return new ServeArguments(dbs, host, port, security.build(option -> "--" + option));
    }

    private static int port(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number, not '" + v + "'");
        }
    }
}
