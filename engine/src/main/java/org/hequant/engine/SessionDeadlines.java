package org.hequant.engine;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a connection's socket when its deadline passes, which ends whatever read or write its thread is
 * blocked in: the one way to cut a peer that keeps every single read within the idle timeout. One timer
 * thread serves all connections.
 */
final class SessionDeadlines implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hequant-session-deadlines");
        t.setDaemon(true);
        return t;
    });

    /** A running deadline for {@code socket}, {@code timeout} from now. */
    Timer start(Socket socket, Duration timeout) {
        Timer t = new Timer(socket, timeout);
        t.restart();
        return t;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    final class Timer {
        private final Socket socket;
        private final Duration timeout;
        private final AtomicBoolean expired = new AtomicBoolean();
        private ScheduledFuture<?> pending;

        private Timer(Socket socket, Duration timeout) {
            this.socket = socket;
            this.timeout = timeout;
        }

        /** Starts the deadline anew, {@code timeout} from now. */
        synchronized void restart() {
            pause();
            pending = timer.schedule(this::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Stops the clock (between requests, where the idle timeout alone applies). */
        synchronized void pause() {
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }

        boolean expired() {
            return expired.get();
        }

        private void expire() {
            expired.set(true);
            try {
                socket.close();
            } catch (IOException ignored) {
                // The socket is unusable either way, which is the point.
            }
        }
    }
}
