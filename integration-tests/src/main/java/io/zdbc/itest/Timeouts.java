package io.zdbc.itest;

/**
 * How long tests wait for a service: SCR registers zdbc's services within milliseconds, so this is
 * only headroom for a slow machine. Keep (number of tests x this) well below -runtimeout in test.bndrun.
 */
final class Timeouts {
    static final long SERVICE_MS = 10_000;

    private Timeouts() {}
}
