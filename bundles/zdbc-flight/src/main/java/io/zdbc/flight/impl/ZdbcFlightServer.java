package io.zdbc.flight.impl;

import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.zdbc.api.Database;
import io.zdbc.api.ZdbcException;
import io.zdbc.flight.FlightEndpoint;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ZdbcFlightAllocator;

/**
 * A running Flight server over some databases. It owns everything it starts (the allocator, the
 * Netty event loops, the call executor) and {@link #close()} stops them all, so that a bundle
 * stop or update leaves no thread, port or native memory behind.
 */
final class ZdbcFlightServer implements FlightEndpoint, AutoCloseable {
    /** How long close() lets running calls finish before cancelling them. */
    static final long GRACE_MILLIS = 2_000;

    private final BufferAllocator allocator;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService calls;
    private final FlightServer server;
    private final ServedDatabases databases;
    private final URI location;

    private ZdbcFlightServer(
            Map<String, Database> databases, ServerSettings settings, FlightSecurity security, String version)
            throws IOException {
        this.databases = new ServedDatabases(databases);
        this.allocator = ZdbcFlightAllocator.root();
        this.boss = new NioEventLoopGroup(1, new DefaultThreadFactory("zdbc-flight-accept", true));
        this.workers = new NioEventLoopGroup(0, new DefaultThreadFactory("zdbc-flight-io", true));
        this.calls = Executors.newCachedThreadPool(new DefaultThreadFactory("zdbc-flight-call", true));
        Consumer<NettyServerBuilder> transport =
                b -> b.bossEventLoopGroup(boss).workerEventLoopGroup(workers).channelType(NioServerSocketChannel.class);
        ZdbcFlightProducer producer = new ZdbcFlightProducer(this.databases, allocator, settings, version);
        FlightServer.Builder builder = FlightServer.builder(
                        allocator, security.location(settings.host(), settings.port()), producer)
                .executor(calls)
                .transportHint("grpc.builderConsumer", transport);
        this.server = build(builder, security, settings.host());
        this.location = URI.create((security.tls() ? "grpc+tls://" : "grpc://") + hostForUri(settings.host()) + ":"
                + startServer(settings));
    }

    /** Starts a plaintext server that anyone may call (on loopback). */
    static ZdbcFlightServer start(Map<String, Database> databases, ServerSettings settings, String version) {
        return start(databases, settings, FlightSecurity.none(), version);
    }

    /**
     * Starts a server; a port in use, unreadable TLS files or no authentication off loopback are a
     * ZdbcException saying so.
     */
    static ZdbcFlightServer start(
            Map<String, Database> databases, ServerSettings settings, FlightSecurity security, String version) {
        try {
            return new ZdbcFlightServer(databases, settings, security, version);
        } catch (IOException e) {
            throw new ZdbcException(
                    "cannot start the Flight server on " + settings.host() + ":" + settings.port() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private FlightServer build(FlightServer.Builder builder, FlightSecurity security, String host) throws IOException {
        try {
            security.configure(builder, host);
            return builder.build();
        } catch (IOException | RuntimeException e) {
            stopResources();
            if (e instanceof ZdbcException || !security.tls()) {
                throw e;
            }
            // Netty's SSL context rejects a bad PEM file with a bare IllegalArgumentException.
            throw new ZdbcException(
                    "cannot use the TLS certificate chain " + security.tlsCertChain() + " with the private key "
                            + security.tlsKey() + " (PEM, key in PKCS#8): " + e.getMessage(),
                    e);
        }
    }

    private int startServer(ServerSettings settings) throws IOException {
        try {
            server.start();
            return server.getPort();
        } catch (IOException | RuntimeException e) {
            stopResources();
            throw e instanceof IOException ? (IOException) e : new IOException(e.getMessage(), e);
        }
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    @Override
    public URI location() {
        return location;
    }

    @Override
    public List<String> databases() {
        return databases.names();
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                server.close(); // cancels the calls still running: clients see CANCELLED/UNAVAILABLE
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopResources();
    }

    private void stopResources() {
        calls.shutdownNow();
        try {
            calls.awaitTermination(GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
        allocator.close();
    }

    @Override
    public String toString() {
        return "zdbc Flight server at " + location + " serving " + databases.names();
    }
}
