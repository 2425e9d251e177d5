package io.zdbc.spi;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnData;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.TypeMismatchException;
import io.zdbc.api.ZdbcException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** In-memory fallbacks for {@link Storage}'s streaming writes. */
final class Batches {
    private Batches() {}

    /** All batches' rows as one batch with {@code defs}' columns, in that order. */
    static Batch concat(List<ColumnDef> defs, Iterator<Batch> batches) {
        List<Batch> all = new ArrayList<>();
        batches.forEachRemaining(all::add);
        List<ColumnData> cols = new ArrayList<>();
        for (ColumnDef def : defs) {
            List<ColumnData> parts = new ArrayList<>();
            for (Batch b : all) {
                ColumnData d = b.column(def.name());
                if (d == null) {
                    throw new ZdbcException("a batch lacks column '" + def.name() + "'");
                }
                if (d.type() != def.type()) {
                    throw new TypeMismatchException(null, def.name(), d.type(), def.type());
                }
                if (b.columns().size() != defs.size()) {
                    throw new ZdbcException("a batch has columns " + b.defs() + " but the table has " + defs);
                }
                parts.add(d);
            }
            cols.add(join(def, parts));
        }
        return Batch.of(cols);
    }

    private static ColumnData join(ColumnDef def, List<ColumnData> parts) {
        int n = 0;
        for (ColumnData p : parts) {
            n = Math.addExact(n, p.rows());
        }
        switch (def.type()) {
            case I64: {
                long[] v = new long[n];
                int at = 0;
                for (ColumnData p : parts) {
                    System.arraycopy(p.longs(), 0, v, at, p.rows());
                    at += p.rows();
                }
                return ColumnData.ofLongs(def.name(), v);
            }
            case F64: {
                double[] v = new double[n];
                int at = 0;
                for (ColumnData p : parts) {
                    System.arraycopy(p.doubles(), 0, v, at, p.rows());
                    at += p.rows();
                }
                return ColumnData.ofDoubles(def.name(), v);
            }
            default: {
                ByteArrayOutputStream v = new ByteArrayOutputStream();
                for (ColumnData p : parts) {
                    v.writeBytes(p.packedStrings());
                }
                return ColumnData.ofPackedStrings(def.name(), v.toByteArray());
            }
        }
    }

    /** {@code first}, then the rest. */
    static final class Prepend implements Iterator<Batch> {
        private Batch first;
        private final Iterator<Batch> rest;

        Prepend(Batch first, Iterator<Batch> rest) {
            this.first = first;
            this.rest = rest;
        }

        @Override
        public boolean hasNext() {
            return first != null || rest.hasNext();
        }

        @Override
        public Batch next() {
            if (first == null) {
                return rest.next();
            }
            Batch b = first;
            first = null;
            return b;
        }
    }
}
