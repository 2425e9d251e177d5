package io.zdbc.kernels.scalar;

/** Packs 8 bytes into a little-endian long, as kernels take str arguments. */
final class ColumnMemoryPacking {
    private ColumnMemoryPacking() {}

    static long pack(byte[] b) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }
}
