package org.hequant.spark;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The console line of a long run: images done of the total, the rate and the time left, refreshed from a
 * counter (the job's "images done" accumulator, which grows as tasks finish). On a terminal it redraws
 * one line; in a log it prints a line whenever the count moved.
 */
final class ProgressLine implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hequant-progress");
        t.setDaemon(true);
        return t;
    });
    private final LongSupplier done;
    private final long total;
    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private final long start = System.nanoTime();
    private long shown = -1;

    /** {@code total}: the images expected (0 when unknown: no ETA). */
    ProgressLine(LongSupplier done, long total, PrintStream out) {
        this.done = done;
        this.total = total;
        this.out = out;
        timer.scheduleAtFixedRate(this::show, 1, 1, TimeUnit.SECONDS);
    }

    private synchronized void show() {
        long n = done.getAsLong();
        if (n == shown) {
            return;
        }
        shown = n;
        out.print((terminal ? "\r" : "") + line(n, (System.nanoTime() - start) / 1e9) + (terminal ? "" : "\n"));
        out.flush();
    }

    String line(long n, double seconds) {
        double rate = seconds > 0 ? n / seconds : 0;
        StringBuilder b = new StringBuilder("evaluate: ").append(n);
        if (total > 0) {
            b.append('/').append(total).append(" images (").append(100 * n / total).append("%)");
        } else {
            b.append(" images");
        }
        b.append(String.format(", %.2f images/s", rate));
        if (total > 0 && rate > 0 && n < total) {
            long eta = Math.round((total - n) / rate);
            b.append(String.format(", ETA %d:%02d", eta / 60, eta % 60));
        }
        return b.toString();
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        shown = -1;
        show();
        if (terminal) {
            out.println();
        }
    }
}
