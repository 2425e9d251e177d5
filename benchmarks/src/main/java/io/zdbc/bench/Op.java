package io.zdbc.bench;

import java.util.Locale;

/** The measured operations, in table order. */
enum Op {
    WRITE("write", "write: arrays -> files (writer open, encode, close; fsync only where the format does)"),
    SIZE("size", "size: bytes of every file the format wrote"),
    READ_ALL("read all", "read all: open + all 5 columns in ready-to-query form (close not timed)"),
    READ_1("read 1 col", "read 1 col: open + column id in ready-to-query form"),
    READ_2("read 2 cols", "read 2 cols: open + columns id, score in ready-to-query form"),
    MATERIALIZE("materialize", "materialize: open + all 5 columns copied to long[]/double[]/String[] + close"),
    SCAN("open+scan", "open+scan: open + sum(id), sum(score), sum(active) over every row + close");

    final String label;
    final String legend;

    Op(String label, String legend) {
        this.label = label;
        this.legend = legend;
    }

    boolean timed() {
        return this != SIZE;
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
