package io.zdbc.flight.impl;

import io.zdbc.api.ZdbcException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/**
 * Who may call the server and over what: no authentication (only on a loopback address unless
 * forced), a user and password that log in for a bearer token, or one static bearer token; plain
 * gRPC or TLS from a PEM certificate chain and private key. Secrets come from a file or an
 * environment variable, so that they never stand on a command line.
 *
 * @param user          the user name for basic authentication, or null
 * @param password      that user's password, or null
 * @param token         the static bearer token, or null
 * @param allowNoAuth   serve without authentication on an address other than loopback
 * @param tlsCertChain  the PEM certificate chain, or null for plain gRPC
 * @param tlsKey        the PEM (PKCS#8) private key of the chain's first certificate, or null
 */
record FlightSecurity(String user, byte[] password, byte[] token, boolean allowNoAuth, Path tlsCertChain, Path tlsKey) {

    /** The options both the command line and the configuration offer, by their command-line names. */
    static final class Options {
        String user;
        String passwordFile;
        String passwordEnv;
        String tokenFile;
        String tokenEnv;
        boolean allowNoAuth;
        String tlsCert;
        String tlsKey;

        /**
         * The security these options ask for; {@code name} turns an option's command-line name (e.g.
         * {@code password-file}) into the one the user wrote, for the messages.
         *
         * @throws IllegalArgumentException saying which option is wrong and why
         */
        FlightSecurity build(UnaryOperator<String> name) {
            byte[] password = secret(passwordFile, passwordEnv, "password", name);
            byte[] token = secret(tokenFile, tokenEnv, "token", name);
            if (blank(user) != (password == null)) {
                throw new IllegalArgumentException(
                        blank(user)
                                ? "a password is given but no user: set " + name.apply("user") + " too"
                                : "basic authentication needs a password: set " + name.apply("password-file") + " or "
                                        + name.apply("password-env"));
            }
            if (password != null && token != null) {
                throw new IllegalArgumentException("choose one authentication: a user and password ("
                        + name.apply("user") + ") or a static token (" + name.apply("token-file") + "), not both");
            }
            if (blank(tlsCert) != blank(tlsKey)) {
                throw new IllegalArgumentException("TLS needs both " + name.apply("tls-cert")
                        + " (PEM certificate chain)" + " and " + name.apply("tls-key") + " (PEM private key)");
            }
            return new FlightSecurity(
                    blank(user) ? null : user,
                    password,
                    token,
                    allowNoAuth,
                    readable(tlsCert, "tls-cert", name),
                    readable(tlsKey, "tls-key", name));
        }

        private static byte[] secret(String file, String env, String what, UnaryOperator<String> name) {
            if (!blank(file) && !blank(env)) {
                throw new IllegalArgumentException("give the " + what + " once: " + name.apply(what + "-file") + " or "
                        + name.apply(what + "-env"));
            }
            String value;
            if (!blank(file)) {
                Path p = readable(file, what + "-file", name);
                try {
                    value = Files.readString(p, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new IllegalArgumentException(
                            name.apply(what + "-file") + ": cannot read " + p + ": " + e.getMessage(), e);
                }
                if (value.isEmpty()) {
                    throw new IllegalArgumentException(name.apply(what + "-file") + ": " + p + " is empty");
                }
            } else if (!blank(env)) {
                value = System.getenv(env);
                if (value == null || value.strip().isEmpty()) {
                    throw new IllegalArgumentException(
                            name.apply(what + "-env") + ": the environment variable " + env + " is not set or empty");
                }
                value = value.strip();
            } else {
                return null;
            }
            return value.getBytes(StandardCharsets.UTF_8);
        }

        private static Path readable(String file, String option, UnaryOperator<String> name) {
            if (blank(file)) {
                return null;
            }
            Path p = Path.of(file);
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new IllegalArgumentException(name.apply(option) + ": " + p + " is not a readable file");
            }
            return p;
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }
    }

    /** Anyone, plain gRPC: for a loopback address. */
    static FlightSecurity none() {
        return new FlightSecurity(null, null, null, false, null, null);
    }

    boolean tls() {
        return tlsCertChain != null;
    }

    boolean authenticates() {
        return password != null || token != null;
    }

    /** The location to listen on: {@code grpc+tls} with a certificate, {@code grpc+tcp} without. */
    Location location(String host, int port) {
        return tls() ? Location.forGrpcTls(host, port) : Location.forGrpcInsecure(host, port);
    }

    /**
     * Sets up TLS and authentication on the builder.
     *
     * @throws ZdbcException if the server would accept anyone on an address other than loopback
     *     without being told to
     */
    void configure(FlightServer.Builder builder, String host) throws IOException {
        if (!authenticates() && !allowNoAuth && !isLoopback(host)) {
            throw new ZdbcException("refusing to serve " + host + " without authentication (it is not a loopback"
                    + " address): give a user and password or a token, or allow it explicitly (--allow-no-auth,"
                    + " configuration allow_no_auth=true)");
        }
        if (tls()) {
            builder.useTls(tlsCertChain.toFile(), tlsKey.toFile());
        }
        CallHeaderAuthenticator auth = password != null
                ? Authenticators.basicThenBearer(user, password)
                : token != null ? Authenticators.staticToken(token) : null;
        if (auth != null) {
            builder.headerAuthenticator(auth);
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        // Never the secrets: this may end up in a log.
        return (password != null
                        ? "basic auth (user " + user + ") with bearer tokens"
                        : token != null ? "static token" : "no auth")
                + (tls() ? ", TLS" : ", plaintext");
    }
}
