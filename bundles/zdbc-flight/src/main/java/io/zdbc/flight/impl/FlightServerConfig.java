package io.zdbc.flight.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the Arrow Flight server (PID {@value #PID}). */
@ObjectClassDefinition(
        name = "zdbc Arrow Flight server",
        description = "Serves the Database services over Arrow Flight and Flight SQL.")
public @interface FlightServerConfig {
    String PID = "io.zdbc.flight";

    @AttributeDefinition(description = "Address to listen on; loopback unless clients on other hosts must connect.")
    String host() default ServerSettings.DEFAULT_HOST;

    @AttributeDefinition(min = "0", max = "65535", description = "TCP port; 0 picks a free one.")
    int port() default ServerSettings.DEFAULT_PORT;

    @AttributeDefinition(
            description = "Names (the services' name property) of the databases to serve, in the"
                    + " order table names are looked up; empty: every Database service.")
    String[] databases() default {};

    @AttributeDefinition(
            name = "Concurrent streams",
            min = "1",
            description = "DoGet and DoPut calls running at once; more are refused as RESOURCE_EXHAUSTED.")
    int max_streams() default 64;

    @AttributeDefinition(name = "Batch rows", min = "1", description = "Most rows in one record batch.")
    int batch_rows() default 65_536;

    @AttributeDefinition(
            name = "Batch bytes",
            min = "64",
            description = "Most value bytes in one record batch (gRPC clients accept 4 MB messages by default).")
    long batch_bytes() default 2L << 20;

    @AttributeDefinition(
            name = "User",
            description = "User name for basic authentication: clients log in with it and the password and get a"
                    + " bearer token. Empty: no basic authentication.")
    String auth_user() default "";

    @AttributeDefinition(name = "Password file", description = "File holding the user's password.")
    String auth_password_file() default "";

    @AttributeDefinition(name = "Password variable", description = "Environment variable holding the user's password.")
    String auth_password_env() default "";

    @AttributeDefinition(
            name = "Token file",
            description = "File holding a static bearer token clients must send (instead of a user and password).")
    String auth_token_file() default "";

    @AttributeDefinition(name = "Token variable", description = "Environment variable holding the static bearer token.")
    String auth_token_env() default "";

    @AttributeDefinition(
            name = "Allow no authentication off loopback",
            type = AttributeType.BOOLEAN,
            description = "Serve without authentication on an address other than loopback (refused otherwise).")
    boolean allow_no_auth() default false;

    @AttributeDefinition(name = "TLS certificate chain", description = "PEM certificate chain; empty: plaintext gRPC.")
    String tls_cert() default "";

    @AttributeDefinition(
            name = "TLS private key",
            description = "PEM private key (PKCS#8) of the chain's first certificate.")
    String tls_key() default "";
}
