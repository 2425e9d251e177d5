package io.zdbc.flight;

import java.net.URI;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A running zdbc Arrow Flight server, registered as a service while it listens: clients connect
 * to {@link #location()} ({@code grpc://host:port}, or {@code grpc+tls://} with TLS on).
 */
@ProviderType
public interface FlightEndpoint {
    /** The URI the server listens on, with the port it actually bound (never 0). */
    URI location();

    /** Names of the databases it serves, in the order table names are looked up. */
    List<String> databases();
}
