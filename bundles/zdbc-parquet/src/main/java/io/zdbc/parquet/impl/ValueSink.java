package io.zdbc.parquet.impl;

import io.zdbc.spi.connector.ColumnBuffer;
import java.nio.ByteBuffer;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;

/**
 * The converter parquet-java's column reader pushes one column's values to: each value is mapped
 * (docs/CONNECTORS.md) and added to the column's {@link ColumnBuffer}. A dictionary of strings is
 * cut to what a str keeps once per dictionary entry, so each dictionary-encoded value is one
 * lookup, not a decoded {@link Binary}.
 */
final class ValueSink extends PrimitiveConverter {
    /** 9 bytes of a value: the 8 a str keeps, plus one to see whether the 9th starts a new character. */
    private static final int PREFIX = 9;

    private final Mapping mapping;
    private final int scale;
    private final ColumnBuffer out;
    private byte[][] entries;
    private int[] lengths;

    ValueSink(Mapping mapping, int scale, ColumnBuffer out) {
        this.mapping = mapping;
        this.scale = scale;
        this.out = out;
    }

    @Override
    public boolean hasDictionarySupport() {
        return mapping == Mapping.BYTES;
    }

    @Override
    public void setDictionary(Dictionary dictionary) {
        int size = dictionary.getMaxId() + 1;
        entries = new byte[size][];
        lengths = new int[size];
        for (int i = 0; i < size; i++) {
            Binary b = dictionary.decodeToBinary(i);
            int len = b.length();
            entries[i] = len <= PREFIX ? b.getBytes() : b.slice(0, PREFIX).getBytes();
            lengths[i] = len;
        }
    }

    @Override
    public void addValueFromDictionary(int id) {
        // Str8.encodeUtf8 reads at most 9 bytes, so the true length goes with the 9-byte prefix.
        out.addUtf8(entries[id], 0, lengths[id]);
    }

    @Override
    public void addBinary(Binary v) {
        switch (mapping) {
            case INT96:
                out.addLong(Mapping.int96Micros(v));
                break;
            case FLOAT16:
                out.addDouble(Mapping.float16(v));
                break;
            case DECIMAL_BYTES:
                out.addDouble(Mapping.decimal(v, scale));
                break;
            default:
                // straight from the page's bytes when they are on the heap
                ByteBuffer bb = v.toByteBuffer();
                if (bb.hasArray()) {
                    out.addUtf8(bb.array(), bb.arrayOffset() + bb.position(), bb.remaining());
                } else {
                    byte[] a = v.getBytes();
                    out.addUtf8(a, 0, a.length);
                }
        }
    }

    @Override
    public void addInt(int v) {
        switch (mapping) {
            case UINT32:
                out.addLong(Integer.toUnsignedLong(v));
                break;
            case INT32_MILLIS:
                out.addLong(v * 1000L);
                break;
            case DECIMAL_INT32:
                out.addDouble(Mapping.decimal(v, scale));
                break;
            default: // INT32, DATE
                out.addLong(v);
        }
    }

    @Override
    public void addLong(long v) {
        switch (mapping) {
            case INT64_MILLIS:
                out.addLong(v * 1000L);
                break;
            case INT64_NANOS:
                out.addLong(Math.floorDiv(v, 1000L));
                break;
            case DECIMAL_INT64:
                out.addDouble(Mapping.decimal(v, scale));
                break;
            default: // INT64, INT64_MICROS
                out.addLong(v);
        }
    }

    @Override
    public void addBoolean(boolean v) {
        out.addLong(v ? 1 : 0);
    }

    @Override
    public void addFloat(float v) {
        out.addDouble(v);
    }

    @Override
    public void addDouble(double v) {
        out.addDouble(v);
    }
}
