package postdesk.store;

import static postdesk.store.schema.Tables.TICKET_TIMER;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jooq.DSLContext;

import postdesk.store.schema.tables.records.TicketTimerRecord;
import postdesk.ticket.TicketId;

/**
 * Timers as rows. A timer is PENDING until it fires (FIRED) or the event it waits for happens
 * (CANCELLED). Firing claims the row with a conditional update, in the same transaction as its
 * effect, so a timer fires once even across restarts or two daemons.
 */
public final class TimerStore {
    private final DSLContext db;

    public TimerStore(DSLContext db) {
        this.db = db;
    }

    public record DueTimer(long id, TicketId ticket, String kind, Instant due) {
    }

    public void schedule(TicketId ticket, String kind, Instant due, Instant now) {
        schedule(ticket, Map.of(kind, due), now);
    }

    /** Several timers of one ticket (kind → due), in one batch. */
    public void schedule(TicketId ticket, Map<String, Instant> timers, Instant now) {
        if (timers.isEmpty()) return;
        db.batchInsert(timers.entrySet().stream().map(t -> {
            TicketTimerRecord r = new TicketTimerRecord();
            r.setTicketId(ticket.value());
            r.setKind(t.getKey());
            r.setDueAt(t.getValue());
            r.setState("PENDING");
            r.setCreatedAt(now);
            return r;
        }).toList()).execute();
    }

    /** Cancels the ticket's pending timers whose kind starts with {@code prefix}; returns the kinds cancelled. */
    public List<String> cancelStartingWith(TicketId ticket, String prefix) {
        List<String> kinds = db.select(TICKET_TIMER.KIND).from(TICKET_TIMER)
                .where(TICKET_TIMER.TICKET_ID.eq(ticket.value()).and(TICKET_TIMER.KIND.startsWith(prefix)).and(TICKET_TIMER.STATE.eq("PENDING")))
                .fetch(TICKET_TIMER.KIND);
        if (!kinds.isEmpty()) cancel(ticket, kinds);
        return kinds;
    }

    /** Cancels the ticket's pending timers of these kinds. */
    public void cancel(TicketId ticket, List<String> kinds) {
        db.update(TICKET_TIMER).set(TICKET_TIMER.STATE, "CANCELLED")
                .where(TICKET_TIMER.TICKET_ID.eq(ticket.value()))
                .and(TICKET_TIMER.KIND.in(kinds))
                .and(TICKET_TIMER.STATE.eq("PENDING"))
                .execute();
    }

    public List<DueTimer> due(Instant now, int limit) {
        return db.selectFrom(TICKET_TIMER)
                .where(TICKET_TIMER.STATE.eq("PENDING").and(TICKET_TIMER.DUE_AT.le(now)))
                .orderBy(TICKET_TIMER.DUE_AT, TICKET_TIMER.ID)
                .limit(limit)
                .fetch(r -> new DueTimer(r.getId(), new TicketId(r.getTicketId()), r.getKind(), r.getDueAt()));
    }

    /**
     * Claims a due timer in the caller's transaction; false when it was already fired or cancelled,
     * or another daemon is firing it right now (its row is locked: skipped, not waited for).
     */
    public boolean claim(long id) {
        boolean free = db.select(TICKET_TIMER.ID).from(TICKET_TIMER)
                .where(TICKET_TIMER.ID.eq(id).and(TICKET_TIMER.STATE.eq("PENDING"))).forUpdate().skipLocked().fetchOptional().isPresent();
        return free && db.update(TICKET_TIMER).set(TICKET_TIMER.STATE, "FIRED")
                .where(TICKET_TIMER.ID.eq(id).and(TICKET_TIMER.STATE.eq("PENDING")))
                .execute() == 1;
    }

}
