package io.zdbc.bench;

/**
 * One measured figure: a format's operation at one size. {@code value} is the median time in
 * nanoseconds (or bytes for {@link Op#SIZE}); {@code note} is set instead when there is no own
 * figure ("same as read all", "n/a", an error).
 */
record Cell(int rows, Format format, Op op, double value, double[] runs, int warmups, String note) {
    boolean ok() {
        return note == null || !note.startsWith("ERROR");
    }

    boolean hasValue() {
        return !Double.isNaN(value);
    }
}
