package io.zdbc.engine.query;

import java.util.Arrays;

/**
 * The groups of a group-by: an open-addressing hash table from a tuple of raw 8-byte keys (i64
 * values, or str values as their stored bytes) to dense group ids 0, 1, 2, … in order of first
 * appearance. Keys are compared as raw bits, so a str key is hashed and compared as one long.
 */
final class GroupKeys {
    private static final long MIX = 0x9E3779B97F4A7C15L;

    private final int width;
    /** Group id + 1 per slot; 0 is an empty slot. */
    private int[] slots;

    private int mask;
    /** The keys of group g at [g × width, (g + 1) × width). */
    private long[] keys;

    private int groups;

    GroupKeys(int width) {
        this.width = width;
        slots = new int[1024];
        mask = slots.length - 1;
        keys = new long[256 * width];
    }

    int groups() {
        return groups;
    }

    long key(int group, int k) {
        return keys[group * width + k];
    }

    /** The id of the one-column key {@code key}, adding the group if it is new. */
    int id(long key) {
        int s = (int) (fmix(key) & mask);
        while (true) {
            int g = slots[s] - 1;
            if (g < 0) {
                return add(s, key, null, 0);
            }
            if (keys[g] == key) {
                return g;
            }
            s = (s + 1) & mask;
        }
    }

    /** The id of the key tuple {@code cols[k][at]} (k < width), adding the group if it is new. */
    int id(long[][] cols, int at) {
        long h = 0;
        for (int k = 0; k < width; k++) {
            h = (h ^ cols[k][at]) * MIX;
        }
        int s = (int) (fmix(h) & mask);
        while (true) {
            int g = slots[s] - 1;
            if (g < 0) {
                return add(s, 0, cols, at);
            }
            if (sameKey(g, cols, at)) {
                return g;
            }
            s = (s + 1) & mask;
        }
    }

    /** The id of group {@code g} of {@code other} in this table, adding it if it is new. */
    int idOf(GroupKeys other, int g) {
        if (width == 1) {
            return id(other.keys[g]);
        }
        long[][] cols = new long[width][1];
        for (int k = 0; k < width; k++) {
            cols[k][0] = other.key(g, k);
        }
        return id(cols, 0);
    }

    private boolean sameKey(int g, long[][] cols, int at) {
        int base = g * width;
        for (int k = 0; k < width; k++) {
            if (keys[base + k] != cols[k][at]) {
                return false;
            }
        }
        return true;
    }

    private int add(int slot, long key, long[][] cols, int at) {
        int g = groups++;
        if ((g + 1) * width > keys.length) {
            keys = Arrays.copyOf(keys, keys.length * 2);
        }
        if (cols == null) {
            keys[g] = key;
        } else {
            for (int k = 0; k < width; k++) {
                keys[g * width + k] = cols[k][at];
            }
        }
        slots[slot] = g + 1;
        if (groups * 2 > slots.length) {
            rehash();
        }
        return g;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        mask = slots.length - 1;
        for (int g = 0; g < groups; g++) {
            long h;
            if (width == 1) {
                h = keys[g];
            } else {
                h = 0;
                for (int k = 0; k < width; k++) {
                    h = (h ^ keys[g * width + k]) * MIX;
                }
            }
            int s = (int) (fmix(h) & mask);
            while (slots[s] != 0) {
                s = (s + 1) & mask;
            }
            slots[s] = g + 1;
        }
    }

    /** MurmurHash3's finalizer: every key bit reaches the low bits the table uses. */
    private static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
