package io.zdbc.engine.impl;

import io.zdbc.api.ColumnView;

/** Bulk reads of a column's raw 8-byte values whatever its type, for the engine's query code. */
public final class RawValues {
    private RawValues() {}

    /** Copies the raw values of rows {@code [fromRow, fromRow+len)} of {@code view} into {@code dst[off..]}. */
    public static void read(ColumnView view, long fromRow, long[] dst, int off, int len) {
        if (view instanceof AbstractColumnView) {
            ((AbstractColumnView) view).readRaw(fromRow, dst, off, len);
            return;
        }
        for (int i = 0; i < len; i++) {
            dst[off + i] = view.getRaw(fromRow + i);
        }
    }
}
