package io.zdbc.example.jsonl;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of a UTF-8 stream as byte ranges of one reused buffer, without decoding them: the JSON
 * parser reads the bytes directly. A line ends at {@code \n}; a {@code \r} before it is dropped.
 */
final class Lines implements AutoCloseable {
    private final InputStream in;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private long number;
    private long consumed;
    private int start;
    private int length;

    Lines(InputStream in) {
        this.in = in;
    }

    /** Advances to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        int scan = pos;
        while (true) {
            for (int i = scan; i < limit; i++) {
                if (buf[i] == '\n') {
                    take(i, i + 1);
                    return true;
                }
            }
            scan = limit;
            if (eof) {
                if (pos == limit) {
                    return false;
                }
                take(limit, limit);
                return true;
            }
            if (pos > 0) { // move the partial line to the front
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                scan -= pos;
                limit -= pos;
                pos = 0;
            }
            if (limit == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }
    }

    private void take(int end, int next) {
        number++;
        start = pos;
        length = end - pos;
        if (length > 0 && buf[start + length - 1] == '\r') {
            length--;
        }
        consumed += next - pos;
        pos = next;
    }

    /** 1-based number of the current line. */
    long number() {
        return number;
    }

    byte[] buffer() {
        return buf;
    }

    int start() {
        return start;
    }

    int length() {
        return length;
    }

    /** Whether the current line holds nothing but spaces and tabs. */
    boolean blank() {
        for (int i = start; i < start + length; i++) {
            if (buf[i] != ' ' && buf[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Bytes of the stream up to the end of the current line. */
    long consumed() {
        return consumed;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
