package io.zdbc.itest;

/** How long tests wait for services: generous, as a 2-core CI machine can be slow to start SCR components. */
final class Timeouts {
    static final long SERVICE_MS = 30_000;

    private Timeouts() {
    }
}
