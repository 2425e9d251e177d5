package io.zdbc.csv.impl;

import io.zdbc.api.ColumnData;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Str8;
import io.zdbc.api.ZdbcException;
import java.util.Arrays;

/** Collects one column's parsed values for the next batch. */
final class ColumnBuilder {
    private final String name;
    private final ColumnType type;
    private final int capacity;
    private long[] longs;
    private double[] doubles;
    private byte[] packed;
    private int size;
    long trimmed;
    long empty;

    ColumnBuilder(String name, ColumnType type, int capacity) {
        this.name = name;
        this.type = type;
        this.capacity = capacity;
        reset();
    }

    private void reset() {
        size = 0;
        switch (type) {
            case I64:
                longs = new long[capacity];
                break;
            case F64:
                doubles = new double[capacity];
                break;
            default:
                packed = new byte[capacity * Str8.WIDTH];
        }
    }

    void add(String field, long line) {
        switch (type) {
            case I64:
                if (field.isEmpty()) {
                    empty++;
                    longs[size] = 0;
                } else {
                    try {
                        longs[size] = Long.parseLong(field);
                    } catch (NumberFormatException e) {
                        throw bad(field, line);
                    }
                }
                break;
            case F64:
                if (field.isEmpty()) {
                    empty++;
                    doubles[size] = Double.NaN;
                } else if (ValueParser.isDouble(field)) {
                    doubles[size] = ValueParser.parseDouble(field);
                } else {
                    throw bad(field, line);
                }
                break;
            default:
                if (Str8.encode(field, packed, size * Str8.WIDTH)) {
                    trimmed++;
                }
        }
        size++;
    }

    private ZdbcException bad(String field, long line) {
        String shown = field.length() > 40 ? field.substring(0, 40) + "..." : field;
        return new ZdbcException("line " + line + ", column '" + name + "': '" + shown + "' is not a valid " + type.label());
    }

    int size() {
        return size;
    }

    /** The values so far as a column, and a fresh buffer for the next batch. */
    ColumnData take() {
        ColumnData d;
        switch (type) {
            case I64:
                d = ColumnData.ofLongs(name, size == capacity ? longs : Arrays.copyOf(longs, size));
                break;
            case F64:
                d = ColumnData.ofDoubles(name, size == capacity ? doubles : Arrays.copyOf(doubles, size));
                break;
            default:
                d = ColumnData.ofPackedStrings(name, size == capacity ? packed : Arrays.copyOf(packed, size * Str8.WIDTH));
        }
        reset();
        return d;
    }
}
