package postdesk.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A progress line on stderr: redrawn in place on a terminal ({@code [#####-----] 512/1000 51%
 * 38 mails/s, 13 s left}), a plain line per tenth of the work when the output goes to a file or a pipe.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private static final Duration REDRAW = Duration.ofMillis(200);

    private final PrintWriter err;
    private final boolean terminal;
    private final Clock clock;
    private final Instant started;
    private Instant lastDrawn = Instant.MIN;
    private int lastTenth;

    ProgressBar(PrintWriter err, boolean terminal, Clock clock) {
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
        this.started = clock.instant();
    }

    void advanced(int done, int total) {
        Instant now = clock.instant();
        boolean last = done == total;
        if (terminal) {
            if (!last && Duration.between(lastDrawn, now).compareTo(REDRAW) < 0) return;
            lastDrawn = now;
            err.print("\r" + line(done, total, now) + (last ? "\n" : ""));
            err.flush();
        } else {
            int tenth = total == 0 ? 10 : done * 10 / total;
            if (tenth == lastTenth) return;
            lastTenth = tenth;
            err.println(line(done, total, now));
        }
    }

    String line(int done, int total, Instant now) {
        int filled = total == 0 ? WIDTH : (int) ((long) done * WIDTH / total);
        double seconds = Math.max(Duration.between(started, now).toMillis(), 1) / 1000.0;
        double rate = done / seconds;
        String left = done == total || rate == 0 ? "" : ", " + Math.round((total - done) / rate) + " s left";
        return String.format(java.util.Locale.ROOT, "[%s%s] %d/%d %d%% %.0f mails/s%s",
                "#".repeat(filled), "-".repeat(WIDTH - filled), done, total, total == 0 ? 100 : done * 100L / total, rate, left);
    }
}
