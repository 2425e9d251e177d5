package io.zdbc.feather.impl;

import io.zdbc.engine.fuzz.ByteMutations;
import io.zdbc.engine.fuzz.ImportFuzzer.Base;
import io.zdbc.engine.fuzz.Mutant;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Structure-aware mutations of an Arrow IPC file or stream. The FlatBuffers of the footer and of
 * every message are walked by the field numbers of Arrow's File.fbs, Message.fbs and Schema.fbs,
 * collecting where each scalar lives: magic, footer and metadata lengths, blocks (offset, metadata
 * and body length), body lengths, record batch lengths, field nodes (length, null count), buffers
 * (offset, length), compression codecs and the uncompressed length in front of each compressed
 * buffer, dictionary ids, field types and their widths. One of them is overwritten in place.
 */
final class FeatherMutations {
    private FeatherMutations() {}

    /** A scalar in the file: where, how many bytes, what it is. */
    private record Slot(int at, int width, String name) {}

    static Mutant mutate(Base base, Random r) {
        byte[] b = base.bytes();
        List<Slot> slots = new ArrayList<>();
        try {
            new Walker(b, slots).walk();
        } catch (RuntimeException e) {
            // a walk that runs off the file only means fewer slots
        }
        if (slots.isEmpty()) {
            return ByteMutations.any(b, r);
        }
        Slot s = ByteMutations.pickByKind(slots, Slot::name, r);
        byte[] m = b.clone();
        long v;
        if (r.nextBoolean()) {
            v = ByteMutations.interesting(r, b.length);
        } else {
            v = le(b, s.at, s.width) + (r.nextBoolean() ? 1 : -1) * (1L << r.nextInt(6));
        }
        ByteMutations.putLe(m, s.at, s.width, v);
        return new Mutant(m, s.name + " at " + s.at + " = " + v);
    }

    private static long le(byte[] b, int at, int width) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        switch (width) {
            case 1:
                return bb.get(at);
            case 2:
                return bb.getShort(at);
            case 4:
                return bb.getInt(at);
            default:
                return bb.getLong(at);
        }
    }

    /** Walks the messages and footer of one file. */
    private static final class Walker {
        private final byte[] b;
        private final ByteBuffer bb;
        private final List<Slot> slots;

        Walker(byte[] b, List<Slot> slots) {
            this.b = b;
            this.bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            this.slots = slots;
        }

        void walk() {
            boolean file = b.length >= 6 && new String(b, 0, 6, StandardCharsets.US_ASCII).equals("ARROW1");
            int at = file ? 8 : 0;
            if (file) {
                slots.add(new Slot(0, 4, "leading magic"));
                slots.add(new Slot(b.length - 6, 4, "trailing magic"));
                slots.add(new Slot(b.length - 10, 4, "footer length"));
                int footerLength = bb.getInt(b.length - 10);
                footer(b.length - 10 - footerLength);
            }
            while (at + 8 <= b.length && bb.getInt(at) == -1 && bb.getInt(at + 4) > 0) {
                at = message(at);
            }
        }

        /** The message at {@code at}; returns where the next one starts. */
        private int message(int at) {
            int length = bb.getInt(at + 4);
            slots.add(new Slot(at + 4, 4, "message metadata length"));
            int fb = at + 8;
            int msg = fb + bb.getInt(fb);
            scalar(msg, 1, 1, "message header type");
            scalar(msg, 3, 8, "message body length");
            int type = field(msg, 1) == 0 ? 0 : b[field(msg, 1)];
            int header = ref(msg, 2);
            int body = fb + length;
            long bodyLength = field(msg, 3) == 0 ? 0 : bb.getLong(field(msg, 3));
            if (header != 0 && type == 1) {
                schema(header);
            } else if (header != 0 && type == 3) {
                recordBatch(header, body);
            } else if (header != 0 && type == 2) {
                scalar(header, 0, 8, "dictionary id");
                scalar(header, 2, 1, "dictionary isDelta");
                int data = ref(header, 1);
                if (data != 0) {
                    recordBatch(data, body);
                }
            }
            return (int) (body + bodyLength);
        }

        private void recordBatch(int t, int body) {
            scalar(t, 0, 8, "record batch length");
            int nodes = ref(t, 1);
            for (int i = 0; nodes != 0 && i < bb.getInt(nodes); i++) {
                slots.add(new Slot(nodes + 4 + 16 * i, 8, "field node " + i + " length"));
                slots.add(new Slot(nodes + 12 + 16 * i, 8, "field node " + i + " null count"));
            }
            int compression = ref(t, 3);
            if (compression != 0) {
                scalar(compression, 0, 1, "body compression codec");
            }
            int buffers = ref(t, 2);
            for (int i = 0; buffers != 0 && i < bb.getInt(buffers); i++) {
                int p = buffers + 4 + 16 * i;
                slots.add(new Slot(p, 8, "buffer " + i + " offset"));
                slots.add(new Slot(p + 8, 8, "buffer " + i + " length"));
                long offset = bb.getLong(p);
                if (compression != 0 && bb.getLong(p + 8) >= 8 && body + offset + 8 <= b.length) {
                    slots.add(new Slot((int) (body + offset), 8, "buffer " + i + " uncompressed length"));
                }
            }
        }

        private void schema(int t) {
            int fields = ref(t, 1);
            for (int i = 0; fields != 0 && i < bb.getInt(fields); i++) {
                int p = fields + 4 + 4 * i;
                field(p + bb.getInt(p), "field " + i);
            }
        }

        private void field(int f, String name) {
            scalar(f, 1, 1, name + " nullable");
            scalar(f, 2, 1, name + " type");
            int type = ref(f, 3);
            if (type != 0) {
                for (int k = 0; k < 3; k++) {
                    scalar(type, k, k == 0 ? 2 : 4, name + " type parameter " + k);
                    scalar(type, k, 4, name + " type parameter " + k + " (int)");
                }
            }
            int dictionary = ref(f, 4);
            if (dictionary != 0) {
                scalar(dictionary, 0, 8, name + " dictionary id");
                int index = ref(dictionary, 1);
                if (index != 0) {
                    scalar(index, 0, 4, name + " dictionary index bit width");
                    scalar(index, 1, 1, name + " dictionary index signedness");
                }
            }
            int children = ref(f, 5);
            for (int i = 0; children != 0 && i < bb.getInt(children); i++) {
                int p = children + 4 + 4 * i;
                field(p + bb.getInt(p), name + "." + i);
            }
        }

        private void footer(int fb) {
            int t = fb + bb.getInt(fb);
            int schema = ref(t, 1);
            if (schema != 0) {
                schema(schema);
            }
            blocks(ref(t, 2), "dictionary block");
            blocks(ref(t, 3), "record batch block");
        }

        private void blocks(int v, String name) {
            for (int i = 0; v != 0 && i < bb.getInt(v); i++) {
                int p = v + 4 + 24 * i;
                slots.add(new Slot(p, 8, name + " " + i + " offset"));
                slots.add(new Slot(p + 8, 4, name + " " + i + " metadata length"));
                slots.add(new Slot(p + 16, 8, name + " " + i + " body length"));
            }
        }

        /** Where field {@code k} of the table at {@code t} is, or 0 when absent. */
        private int field(int t, int k) {
            int vt = t - bb.getInt(t);
            int size = bb.getShort(vt) & 0xFFFF;
            int off = 4 + 2 * k < size ? bb.getShort(vt + 4 + 2 * k) & 0xFFFF : 0;
            return off == 0 ? 0 : t + off;
        }

        /** The table, vector or string field {@code k} of the table at {@code t} points to, or 0. */
        private int ref(int t, int k) {
            int p = field(t, k);
            return p == 0 ? 0 : p + bb.getInt(p);
        }

        private void scalar(int t, int k, int width, String name) {
            int p = field(t, k);
            if (p != 0 && p + width <= b.length) {
                slots.add(new Slot(p, width, name));
            }
        }
    }
}
