package postdesk.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.jooq.DSLContext;

import postdesk.config.Durations;
import postdesk.outbound.TicketMail;
import postdesk.store.SlaStore;
import postdesk.store.TicketStore;
import postdesk.store.TimerStore;
import postdesk.ticket.Priority;
import postdesk.ticket.Status;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketId;

/**
 * Keeps a ticket's SLA clocks in step with what happens to it, in the caller's transaction, and
 * turns their warning and breach moments into timers. A fired timer mails the agents (the
 * assignee, once assigned) and is recorded on the clock, so each warning goes out once even when
 * the clock is paused and resumed.
 */
public final class SlaChanges {
    public static final String TIMER_PREFIX = "SLA_";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm z", java.util.Locale.ENGLISH);

    private final SlaPolicy policy;
    private final TicketMail mail;

    /** Each ticket's nearest SLA due time among its running clocks (tickets without one left out). */
    public java.util.Map<postdesk.ticket.TicketId, Instant> nearestDue(org.jooq.DSLContext tx, java.util.List<Ticket> tickets) {
        java.util.Map<postdesk.ticket.TicketId, Instant> out = new java.util.HashMap<>();
        new postdesk.store.SlaStore(tx).clocks(tickets.stream().map(Ticket::id).toList()).forEach((id, clocks) ->
                clocks.values().stream().filter(c -> c.due() != null && c.metAt() == null).map(SlaClock::due).min(Instant::compareTo)
                        .ifPresent(d -> out.put(id, d)));
        return out;
    }

    /** The desk's time zone: the one its business hours are in. */
    public java.time.ZoneId zone() {
        return policy.hours().zone();
    }

    public SlaChanges(SlaPolicy policy, TicketMail mail) {
        this.policy = policy;
        this.mail = mail;
    }

    /** A new ticket: both clocks start with the targets of its plan and priority. */
    public void opened(DSLContext tx, Ticket ticket, Instant now) {
        SlaTargets.Target target = policy.targets().forTicket(ticket.plan(), ticket.priority());
        List<SlaClock> clocks = new ArrayList<>();
        Map<String, Instant> timers = new LinkedHashMap<>();
        for (SlaClock.Kind kind : SlaClock.Kind.values()) {
            SlaClock clock = SlaClock.start(kind, target, now, policy.time(target.allDay()));
            clocks.add(clock);
            timers.putAll(timers(clock, now));
        }
        new SlaStore(tx).insert(ticket.id(), clocks);
        new TimerStore(tx).schedule(ticket.id(), timers, now); // a new ticket has no timers to replace
    }

    public void statusChanged(DSLContext tx, TicketId ticket, Status to, Instant now) {
        update(tx, ticket, now, c -> c.onStatus(to, now, policy.time(c)));
    }

    /** An agent's reply reached the customer: the first response is given. */
    public void responded(DSLContext tx, TicketId ticket, Instant now) {
        update(tx, ticket, now, c -> c.responded(now, policy.time(c)));
    }

    public void priorityChanged(DSLContext tx, Ticket ticket, Priority to, Instant now) {
        SlaTargets.Target target = policy.targets().forTicket(ticket.plan(), to);
        update(tx, ticket.id(), now, c -> c.retarget(target, now, policy.time(c), policy.time(target.allDay())));
    }

    private void update(DSLContext tx, TicketId ticket, Instant now, UnaryOperator<SlaClock> change) {
        SlaStore store = new SlaStore(tx);
        for (SlaClock clock : store.clocks(ticket).values()) {
            SlaClock changed = change.apply(clock);
            if (changed.equals(clock)) continue;
            store.save(ticket, changed);
            schedule(tx, ticket, changed, now);
        }
    }

    /** Replaces the clock's pending timers. */
    private void schedule(DSLContext tx, TicketId ticket, SlaClock clock, Instant now) {
        TimerStore timers = new TimerStore(tx);
        timers.cancel(ticket, List.of(timerKind(clock.kind(), false), timerKind(clock.kind(), true)));
        timers.schedule(ticket, timers(clock, now), now);
    }

    /** The timers a clock needs (kind → due): a running clock with a target is warned and breached at its moments. */
    private Map<String, Instant> timers(SlaClock clock, Instant now) {
        Map<String, Instant> timers = new LinkedHashMap<>();
        if (!clock.running() || clock.target() == null || clock.breachedAt() != null) return timers;
        if (clock.warnedAt() == null) {
            timers.put(timerKind(clock.kind(), false), clock.warningAt(policy.warnBefore(), now, policy.time(clock)));
        }
        timers.put(timerKind(clock.kind(), true), clock.due());
        return timers;
    }

    static String timerKind(SlaClock.Kind kind, boolean breach) {
        return TIMER_PREFIX + kind + (breach ? "_BREACH" : "_WARNING");
    }

    /** Applies a claimed SLA timer; a clock that stopped, paused or was already warned is left alone. */
    public void fire(DSLContext tx, TimerStore.DueTimer timer, Instant now) {
        boolean breach = timer.kind().endsWith("_BREACH");
        SlaClock.Kind kind = SlaClock.Kind.valueOf(timer.kind().substring(TIMER_PREFIX.length(), timer.kind().lastIndexOf('_')));
        SlaStore store = new SlaStore(tx);
        SlaClock clock = store.clocks(timer.ticket()).get(kind);
        Ticket ticket = new TicketStore(tx).find(timer.ticket()).orElse(null);
        if (ticket == null || clock == null || !clock.running() || clock.target() == null || clock.breachedAt() != null) return;
        String what = kind == SlaClock.Kind.RESPONSE ? "first response" : "resolution";
        // due times read in the calendar's zone, 24x7 clocks too, so agents read one zone
        String due = WHEN.format(clock.due().atZone(policy.hours().zone()));;
        if (breach) {
            if (now.isBefore(clock.due())) return;
            store.save(ticket.id(), clock.breached(clock.due()));
            mail.slaAlert(tx, ticket, "sla-breach", Map.of("what", what, "due", due, "target", Durations.words(clock.target())));
            new TicketStore(tx).addEvent(ticket.id(), "sla_breach", "postdesk", what + " was due " + due, now);
        } else {
            // past due already (the daemon was down, the clock jumped): the breach mail says it all
            if (clock.warnedAt() != null || !now.isBefore(clock.due())) return;
            Duration left = clock.remainingAt(now, policy.time(clock));
            store.save(ticket.id(), clock.warned(now));
            mail.slaAlert(tx, ticket, "sla-warning", Map.of("what", what, "due", due, "target", Durations.words(clock.target()),
                    "remaining", Durations.words(left)));
            new TicketStore(tx).addEvent(ticket.id(), "sla_warning", "postdesk", what + " due " + due, now);
        }
    }
}
