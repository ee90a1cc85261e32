package postdesk.store;

import static postdesk.store.schema.Tables.SLA_CLOCK;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jooq.DSLContext;

import postdesk.sla.SlaClock;
import postdesk.store.schema.tables.records.SlaClockRecord;
import postdesk.ticket.TicketId;

/** A ticket's SLA clocks as rows, one per kind. */
public final class SlaStore {
    private final DSLContext db;

    public SlaStore(DSLContext db) {
        this.db = db;
    }

    public Map<SlaClock.Kind, SlaClock> clocks(TicketId ticket) {
        return clocks(List.of(ticket)).getOrDefault(ticket, new EnumMap<>(SlaClock.Kind.class));
    }

    /** The clocks of many tickets in one query (a page of the list). */
    public Map<TicketId, Map<SlaClock.Kind, SlaClock>> clocks(Collection<TicketId> tickets) {
        Map<TicketId, Map<SlaClock.Kind, SlaClock>> out = new HashMap<>();
        db.selectFrom(SLA_CLOCK).where(SLA_CLOCK.TICKET_ID.in(tickets.stream().map(TicketId::value).toList()))
                .forEach(r -> out.computeIfAbsent(new TicketId(r.getTicketId()), k -> new EnumMap<>(SlaClock.Kind.class))
                        .put(SlaClock.Kind.valueOf(r.getKind()), clock(r)));
        return out;
    }

    public void save(TicketId ticket, SlaClock c) {
        SlaClockRecord r = record(ticket, c);
        if (db.executeUpdate(r) == 0) db.executeInsert(r);
    }

    /** A new ticket's clocks, in one batch. */
    public void insert(TicketId ticket, Collection<SlaClock> clocks) {
        db.batchInsert(clocks.stream().map(c -> record(ticket, c)).toList()).execute();
    }

    private static SlaClockRecord record(TicketId ticket, SlaClock c) {
        SlaClockRecord r = new SlaClockRecord();
        r.setTicketId(ticket.value());
        r.setKind(c.kind().name());
        r.setTargetMs(c.target() == null ? null : c.target().toMillis());
        r.setAllDay(c.allDay());
        r.setElapsedMs(c.elapsed().toMillis());
        r.setRunningSince(c.runningSince());
        r.setDueAt(c.due());
        r.setMetAt(c.metAt());
        r.setWarnedAt(c.warnedAt());
        r.setBreachedAt(c.breachedAt());
        return r;
    }

    private static SlaClock clock(SlaClockRecord r) {
        return new SlaClock(SlaClock.Kind.valueOf(r.getKind()), r.getTargetMs() == null ? null : Duration.ofMillis(r.getTargetMs()),
                r.getAllDay(), Duration.ofMillis(r.getElapsedMs()), r.getRunningSince(), r.getDueAt(), r.getMetAt(),
                r.getWarnedAt(), r.getBreachedAt());
    }
}
