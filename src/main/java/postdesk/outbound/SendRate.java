package postdesk.outbound;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;

import postdesk.config.Rate;

/**
 * The global cap on automatic mail to customers ({@code autoreply.total}), applied where mail
 * leaves: at most so many sent per window, the rest waits in the outbox for the next window. A
 * flood from many domains then makes Postdesk send at a bounded rate, and a legitimate backlog
 * (after an outage) is acknowledged a little later, never dropped. Counted per daemon, in memory.
 */
final class SendRate {
    private final Rate rate;
    private final Clock clock;
    private final ArrayDeque<Instant> sent = new ArrayDeque<>();

    SendRate(Rate rate, Clock clock) {
        this.rate = rate;
        this.clock = clock;
    }

    /**
     * Whether one more may go now; if so it is counted. Senders on several connections ask at once,
     * and a mail counted but then refused by the server uses its place all the same (the cap errs on
     * the side of sending less).
     */
    synchronized boolean take() {
        if (rate.isOff()) return true;
        Instant now = clock.instant();
        Instant windowStart = now.minus(rate.window());
        while (!sent.isEmpty() && !sent.peekFirst().isAfter(windowStart)) sent.pollFirst();
        if (sent.size() >= rate.count()) return false;
        sent.addLast(now);
        return true;
    }
}
