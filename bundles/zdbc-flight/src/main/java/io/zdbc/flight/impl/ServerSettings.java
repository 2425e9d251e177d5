package io.zdbc.flight.impl;

/**
 * What a server listens on and how much it hands out at once.
 *
 * @param host        the address to bind (loopback unless told otherwise)
 * @param port        the TCP port; 0 picks a free one
 * @param maxStreams  DoGet and DoPut calls running at once; more are refused as RESOURCE_EXHAUSTED
 * @param batchRows   most rows in one record batch
 * @param batchBytes  most value bytes in one record batch, so that clients with gRPC's default 4 MB
 *                    message limit can read every batch
 */
record ServerSettings(String host, int port, int maxStreams, int batchRows, long batchBytes) {
    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 8815;

    ServerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Flight port " + port + " is not a TCP port (0-65535)");
        }
        if (maxStreams < 1 || batchRows < 1 || batchBytes < 64) {
            throw new IllegalArgumentException("Flight limits must be positive: max streams " + maxStreams
                    + ", batch rows " + batchRows + ", batch bytes " + batchBytes);
        }
    }

    static ServerSettings defaults(String host, int port) {
        return new ServerSettings(host, port, 64, 65_536, 2L << 20);
    }

    /** Rows per batch for rows of {@code rowBytes} bytes: within both limits, at least one. */
    int rowsPerBatch(long rowBytes) {
        return (int) Math.max(1, Math.min(batchRows, batchBytes / Math.max(1, rowBytes)));
    }
}
