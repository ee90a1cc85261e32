package postdesk.sla;

import java.time.Duration;
import java.time.Instant;

import postdesk.ticket.Status;

/**
 * One SLA clock of a ticket, as a value: first response or resolution. It counts working time
 * while the ticket waits for support ({@code OPEN}, {@code IN_PROGRESS}) and pauses while it waits
 * for the customer or is on hold. The response clock stops at the first agent reply (or when the
 * ticket is resolved or closed); the resolution clock stops at {@code RESOLVED} / {@code CLOSED}
 * and runs on, from where it stopped, if a resolved ticket is reopened.
 *
 * <p>{@code elapsed} is the working time counted before {@code runningSince} (null while paused or
 * stopped); {@code due} is set while it runs and a target exists. {@code warnedAt} and
 * {@code breachedAt} record that each warning was given, so it is given once.
 */
public record SlaClock(Kind kind, Duration target, boolean allDay, Duration elapsed, Instant runningSince, Instant due,
                       Instant metAt, Instant warnedAt, Instant breachedAt) {

    public enum Kind { RESPONSE, RESOLUTION }

    /** A clock that starts counting when a ticket is opened. */
    public static SlaClock start(Kind kind, SlaTargets.Target target, Instant now, WorkingTime time) {
        return new SlaClock(kind, target.of(kind), target.allDay(), Duration.ZERO, null, null, null, null, null).resume(now, time);
    }

    public boolean running() {
        return runningSince != null;
    }

    /** Working time counted up to {@code now}. */
    public Duration elapsedAt(Instant now, WorkingTime time) {
        return running() ? elapsed.plus(time.between(runningSince, now)) : elapsed;
    }

    /** Working time left before the breach, negative once breached; null without a target. */
    public Duration remainingAt(Instant now, WorkingTime time) {
        return target == null ? null : target.minus(elapsedAt(now, time));
    }

    /** Follows the ticket into {@code status}. */
    public SlaClock onStatus(Status status, Instant now, WorkingTime time) {
        boolean finished = status == Status.RESOLVED || status == Status.CLOSED;
        if (finished) return stop(now, time);
        if (kind == Kind.RESPONSE && metAt != null) return this; // answered once is answered
        boolean counting = status == Status.OPEN || status == Status.IN_PROGRESS;
        SlaClock clock = metAt == null ? this : reopened();
        if (counting && !clock.running()) return clock.resume(now, time);
        if (!counting && clock.running()) return clock.pause(now, time);
        return clock;
    }

    /** The first agent reply: the response clock stops. */
    public SlaClock responded(Instant now, WorkingTime time) {
        return kind == Kind.RESPONSE ? stop(now, time) : this;
    }

    /** A new target (the priority changed); what was counted so far still counts. */
    public SlaClock retarget(SlaTargets.Target to, Instant now, WorkingTime oldTime, WorkingTime newTime) {
        if (!running()) return new SlaClock(kind, to.of(kind), to.allDay(), elapsed, null, null, metAt, warnedAt, breachedAt);
        SlaClock paused = pause(now, oldTime);
        return new SlaClock(kind, to.of(kind), to.allDay(), paused.elapsed, null, null, metAt, warnedAt, breachedAt).resume(now, newTime);
    }

    /** When agents are warned: {@code lead} of working time before the due time (at once if less is left). */
    public Instant warningAt(Duration lead, Instant now, WorkingTime time) {
        Duration left = remainingAt(now, time).minus(lead);
        return left.isNegative() ? now : time.plus(now, left);
    }

    public SlaClock warned(Instant now) {
        return new SlaClock(kind, target, allDay, elapsed, runningSince, due, metAt, now, breachedAt);
    }

    public SlaClock breached(Instant at) {
        return new SlaClock(kind, target, allDay, elapsed, runningSince, due, metAt, warnedAt, at);
    }

    /** Met in time: stopped before its target ran out (or it has no target). */
    public boolean metInTime() {
        return metAt != null && breachedAt == null;
    }

    private SlaClock resume(Instant now, WorkingTime time) {
        Instant dueAt = null;
        if (target != null) {
            Duration left = target.minus(elapsed);
            // a clock past its target (the priority was raised, or it was breached before a pause) is due at once
            dueAt = left.isNegative() || left.isZero() ? (breachedAt != null ? breachedAt : now) : time.plus(now, left);
        }
        return new SlaClock(kind, target, allDay, elapsed, now, dueAt, null, warnedAt, breachedAt);
    }

    private SlaClock pause(Instant now, WorkingTime time) {
        return new SlaClock(kind, target, allDay, elapsedAt(now, time), null, null, metAt, warnedAt, breachedAtIfLate(now, time));
    }

    private SlaClock stop(Instant now, WorkingTime time) {
        if (metAt != null) return this;
        SlaClock paused = running() ? pause(now, time) : this;
        return new SlaClock(kind, target, allDay, paused.elapsed, null, null, now, warnedAt, paused.breachedAt);
    }

    private SlaClock reopened() {
        return new SlaClock(kind, target, allDay, elapsed, null, null, null, warnedAt, breachedAt);
    }

    /** A breach the timer has not caught yet (it runs every few seconds) is recorded when the clock stops. */
    private Instant breachedAtIfLate(Instant now, WorkingTime time) {
        if (breachedAt != null || target == null || due == null) return breachedAt;
        return elapsedAt(now, time).compareTo(target) > 0 ? due : null;
    }
}
