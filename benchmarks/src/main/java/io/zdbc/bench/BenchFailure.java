package io.zdbc.bench;

/** A format gave a wrong answer (sums, rows or values): the benchmark fails with exit code 1. */
final class BenchFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BenchFailure(String message) {
        super(message);
    }
}
