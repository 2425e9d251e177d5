package io.zdbc.spi.kernel;

import java.util.Arrays;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A set of row numbers {@code [0, rows)} as a bitmap: bit {@code r % 64} of word {@code r / 64}.
 * What filters produce and aggregates consume; combined with {@link #and}, {@link #or},
 * {@link #not} without touching column data.
 */
@ProviderType
public final class Selection {
    private final long rows;
    private final long[] words;

    private Selection(long rows, long[] words) {
        this.rows = rows;
        this.words = words;
    }

    /** An empty selection over {@code rows} rows, to be filled with {@link #set}. */
    public static Selection none(long rows) {
        return new Selection(rows, new long[wordCount(rows)]);
    }

    /** Every row. */
    public static Selection all(long rows) {
        Selection s = none(rows);
        Arrays.fill(s.words, -1L);
        s.clearTail();
        return s;
    }

    /** Wraps filled bitmap words; bits at or past {@code rows} must be 0. */
    public static Selection ofWords(long rows, long[] words) {
        if (words.length != wordCount(rows)) {
            throw new IllegalArgumentException(words.length + " words for " + rows + " rows");
        }
        return new Selection(rows, words);
    }

    public static int wordCount(long rows) {
        long n = (rows + 63) >>> 6;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rows + " rows are too many for one selection");
        }
        return (int) n;
    }

    public long rows() {
        return rows;
    }

    /** The bitmap words; callers must not change them after publishing the selection. */
    public long[] words() {
        return words;
    }

    public boolean get(long row) {
        return (words[(int) (row >>> 6)] & (1L << row)) != 0;
    }

    public void set(long row) {
        words[(int) (row >>> 6)] |= 1L << row;
    }

    /** Number of selected rows. */
    public long count() {
        long n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    public Selection and(Selection o) {
        check(o);
        long[] w = new long[words.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = words[i] & o.words[i];
        }
        return new Selection(rows, w);
    }

    public Selection or(Selection o) {
        check(o);
        long[] w = new long[words.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = words[i] | o.words[i];
        }
        return new Selection(rows, w);
    }

    public Selection not() {
        long[] w = new long[words.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = ~words[i];
        }
        Selection s = new Selection(rows, w);
        s.clearTail();
        return s;
    }

    /** Next selected row at or after {@code from}, or -1. */
    public long next(long from) {
        if (from >= rows) {
            return -1;
        }
        int i = (int) (from >>> 6);
        long w = words[i] & (-1L << from);
        while (true) {
            if (w != 0) {
                long r = ((long) i << 6) + Long.numberOfTrailingZeros(w);
                return r < rows ? r : -1;
            }
            if (++i == words.length) {
                return -1;
            }
            w = words[i];
        }
    }

    private void clearTail() {
        int tail = (int) (rows & 63);
        if (tail != 0) {
            words[words.length - 1] &= (1L << tail) - 1;
        }
    }

    private void check(Selection o) {
        if (o.rows != rows) {
            throw new IllegalArgumentException("selections over " + rows + " and " + o.rows + " rows");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Selection && ((Selection) o).rows == rows && Arrays.equals(((Selection) o).words, words);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(rows) * 31 + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "Selection[" + count() + " of " + rows + "]";
    }
}
