package io.zdbc.cli;

import io.zdbc.api.Progress;
import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * A one-line progress bar on stderr, drawn only when the terminal is interactive: piped or
 * redirected runs stay quiet, so scripts and logs see only the final summary.
 */
final class ProgressBar implements Progress {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final String label;
    private final boolean bytes;
    private long lastDraw;
    private boolean drawn;

    private ProgressBar(PrintStream out, String label, boolean bytes) {
        this.out = out;
        this.label = label;
        this.bytes = bytes;
    }

    /** A bar for an import (progress in bytes) or export (rows), or {@link Progress#NONE} when not on a terminal. */
    static Progress forTerminal(String label, boolean bytes, boolean quiet) {
        return quiet || !interactive() ? Progress.NONE : new ProgressBar(System.err, label, bytes);
    }

    /** Before JDK 22 {@code System.console()} is null unless interactive; from 22 on ask {@code isTerminal()}. */
    static boolean interactive() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public void update(long done, long total) {
        long now = System.nanoTime();
        boolean finished = total >= 0 && done >= total;
        if (!finished && drawn && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        drawn = true;
        out.print('\r' + line(done, total) + (finished ? "\n" : ""));
        out.flush();
    }

    String line(long done, long total) {
        StringBuilder sb = new StringBuilder(label).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, done * WIDTH / total);
            sb.append('[')
                    .append("#".repeat(filled))
                    .append(".".repeat(WIDTH - filled))
                    .append("] ");
            sb.append(String.format("%3d%% ", Math.min(100, done * 100 / total)));
        }
        sb.append(amount(done));
        if (total > 0) {
            sb.append(" / ").append(amount(total));
        }
        return sb.toString();
    }

    private String amount(long n) {
        if (!bytes) {
            return n + " rows";
        }
        return n >= 1 << 20 ? String.format("%.1f MB", n / 1048576.0) : String.format("%.1f KB", n / 1024.0);
    }
}
