package io.zdbc.spark;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.engine.Zdbc;
import java.nio.file.Path;

/** A small trades table (and a symbol table to join it with) that the query tests share. */
final class Trades {
    static final String[] SYMS = {"AAA", "BB", "C", "DDDD"};

    private Trades() {}

    /** {@code trades(id, sym, price, qty)} with {@code rows} rows, and {@code syms(sym, sector)}. */
    static void create(Path registry, int rows) {
        long[] id = new long[rows];
        String[] sym = new String[rows];
        double[] price = new double[rows];
        long[] qty = new long[rows];
        for (int i = 0; i < rows; i++) {
            id[i] = i;
            sym[i] = SYMS[i % SYMS.length];
            price[i] = (i % 97) * 1.25;
            qty[i] = i % 13;
        }
        try (Database db = Zdbc.open(registry)) {
            db.write(
                    "trades",
                    Batch.builder()
                            .i64("id", id)
                            .str("sym", sym)
                            .f64("price", price)
                            .i64("qty", qty)
                            .build());
            db.write(
                    "syms",
                    Batch.builder()
                            .str("sym", SYMS)
                            .str("sector", "tech", "tech", "energy", "retail")
                            .build());
        }
    }
}
