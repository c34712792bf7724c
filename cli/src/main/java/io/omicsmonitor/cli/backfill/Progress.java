package io.omicsmonitor.cli.backfill;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * The progress line on stderr: done/total, items a second, the estimated time left, failures so far. On a terminal
 * it redraws one line (at most 4 times a second); otherwise (a log file, CI) it prints a line every 10 seconds.
 */
final class Progress {

    private static final int WIDTH = 24;

    private final PrintWriter err;
    private final boolean interactive;
    private final long startNanos = System.nanoTime();
    private final long intervalNanos;
    private int total;
    private int done;
    private int failed;
    private long lastPrintNanos;

    Progress(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
        this.intervalNanos = interactive ? 250_000_000L : 10_000_000_000L;
    }

    synchronized void start(int total) {
        this.total = total;
        print(true);
    }

    synchronized void advance(int completed, int failures) {
        done += completed;
        failed += failures;
        print(done == total);
    }

    synchronized void finish() {
        if (interactive) {
            err.println();
        }
        err.flush();
    }

    String line() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        String eta = done == total ? "done" : rate > 0 ? "ETA " + format(Duration.ofSeconds((long) ((total - done) / rate))) : "ETA --";
        return String.format(Locale.ROOT, "[%s%s] %d/%d  %.1f/s  %s  elapsed %s%s", "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total, rate, eta, format(Duration.ofSeconds((long) seconds)),
                failed > 0 ? "  failed " + failed : "");
    }

    private void print(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastPrintNanos < intervalNanos) {
            return;
        }
        lastPrintNanos = now;
        if (interactive) {
            err.print("\r" + line() + "\u001b[K");
        } else {
            err.println(line());
        }
        err.flush();
    }

    static String format(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
