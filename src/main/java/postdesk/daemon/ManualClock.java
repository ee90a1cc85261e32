package postdesk.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock moved by hand: {@code postdesk import} sets it to each archived mail's date, and tests
 * move it to fire timers without waiting.
 */
public final class ManualClock extends Clock {
    private volatile Instant now;

    public ManualClock(Instant start) {
        set(start);
    }

    /**
     * Jumps to {@code instant}, cut to microseconds: the database keeps microseconds and rounds,
     * so a frozen clock at a finer instant could sit just before a time it stored itself (an
     * outbox mail due "now" would never be due).
     */
    public void set(Instant instant) {
        now = instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a manual clock is UTC");
    }
}
