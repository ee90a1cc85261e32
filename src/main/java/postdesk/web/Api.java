package postdesk.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import postdesk.cluster.Leases;
import postdesk.config.Desk;
import postdesk.config.Durations;
import postdesk.health.Health;
import postdesk.sla.SlaClock;
import postdesk.sla.SlaPolicy;
import postdesk.store.SlaStore;
import postdesk.store.Database;
import postdesk.store.LeaseStore;
import postdesk.store.MailLog;
import postdesk.store.OutboxStore;
import postdesk.store.TicketStore;
import postdesk.ticket.Status;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketId;
import postdesk.ticket.TicketMessage;

/** The JSON documents of {@code /healthz} and {@code /api/tickets} (field names per PRODUCT.md section 1). */
public final class Api {
    static final int MAX_LIMIT = 500;

    private final Database db;
    private final Health health;
    private final Leases leases;
    private final Desk desk;
    private final SlaPolicy slaPolicy;
    private final Clock clock;

    /** {@code health} and {@code leases} may be null where only tickets are read ({@code postdesk export}). */
    public Api(Database db, Health health, Leases leases, Desk desk, SlaPolicy slaPolicy, Clock clock) {
        this.db = db;
        this.health = health;
        this.leases = leases;
        this.desk = desk;
        this.slaPolicy = slaPolicy;
        this.clock = clock;
    }

    /** ok, degraded (IMAP or SMTP failing: since when and why) or failing (the database). */
    Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        boolean dbOk = db.ping();
        Health.Problem imap = health.imapProblem();
        Health.Problem smtp = health.smtpProblem();
        h.put("status", !dbOk ? "failing" : imap != null || smtp != null ? "degraded" : "ok");
        h.put("db_ok", dbOk);
        h.put("last_poll", iso(health.lastPoll()));
        h.put("idle_connected", health.idleConnected());
        h.put("imap", problem(imap));
        h.put("smtp", problem(smtp));
        Map<String, LeaseStore.Lease> held = new LinkedHashMap<>();
        if (dbOk) {
            h.put("daemon", leases.id());
            Instant now = Instant.now(); // leases keep real time
            h.put("daemons", leases.alive().stream().map(d -> {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("id", d.id());
                one.put("host", d.host());
                one.put("started", iso(d.started()));
                one.put("heartbeat_age_seconds", Duration.between(d.heartbeat(), now).toSeconds());
                return one;
            }).toList());
            leases.leases().forEach(l -> held.put(l.mailbox(), l));
        }
        Map<String, Integer> waiting = dbOk ? new OutboxStore(db.dsl()).backlogByMailbox() : new java.util.HashMap<>(); // a null key may be asked
        h.put("mailboxes", health.mailboxes().stream().map(m -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", m.name());
            LeaseStore.Lease lease = held.get(m.name());
            one.put("owner", lease == null ? null : lease.owner());
            one.put("lease_age_seconds", lease == null ? null : Duration.between(lease.acquired(), Instant.now()).toSeconds());
            one.put("outbox_backlog", waiting.getOrDefault(m.name(), 0)
                    + (m.name().equals(desk.primary().name()) ? waiting.getOrDefault(null, 0) : 0));
            one.put("status", m.imapProblem() != null || m.smtpProblem() != null ? "degraded" : "ok");
            one.put("last_poll", iso(m.lastPoll()));
            one.put("idle_connected", m.idleConnected());
            one.put("imap", problem(m.imapProblem()));
            one.put("smtp", problem(m.smtpProblem()));
            return one;
        }).toList());
        if (dbOk) {
            OutboxStore outbox = new OutboxStore(db.dsl());
            h.put("outbox_backlog", outbox.backlog());
            h.put("outbox_oldest_seconds", outbox.oldestPendingAge(clock.instant()).map(Duration::toSeconds).orElse(null));
            h.put("quarantined", new MailLog(db.dsl()).quarantinedCount());
            h.put("answers_held", new postdesk.store.TicketStore(db.dsl()).heldAnswers());
        }
        return h;
    }

    Map<String, Object> tickets(Status status, String q, int limit, int offset) {
        TicketStore store = new TicketStore(db.dsl());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", store.count(status, q));
        List<Ticket> page = store.list(status, q, limit, offset);
        Map<TicketId, Map<SlaClock.Kind, SlaClock>> clocks = new SlaStore(db.dsl()).clocks(page.stream().map(Ticket::id).toList());
        Instant now = clock.instant();
        out.put("tickets", page.stream().map(t -> {
            Map<String, Object> m = summary(t);
            m.put("sla", sla(clocks.getOrDefault(t.id(), Map.of()), now));
            return m;
        }).toList());
        return out;
    }

    public Optional<Map<String, Object>> ticket(TicketId id) {
        TicketStore store = new TicketStore(db.dsl());
        return store.find(id).map(t -> {
            Map<String, Object> out = summary(t);
            out.put("sla", sla(new SlaStore(db.dsl()).clocks(id), clock.instant()));
            out.put("requester_name", t.requester().name());
            out.put("mailbox", desk.mailbox(t.mailbox()).name()); // a ticket of no configured mailbox is served by the first
            Map<String, String> fields = store.fields(id);
            if (!fields.isEmpty()) out.put("fields", fields);
            store.licensedTo(id).ifPresent(owner -> out.put("licensed_to", owner));
            out.put("shared", store.sharedWith(id).isPresent());
            out.put("language", t.language() == null ? desk.languages().fallback() : t.language()); // opened before languages: the default
            out.put("linked", store.linked(id).stream().map(TicketId::value).toList());
            new postdesk.store.RatingStore(db.dsl()).find(id).ifPresent(r -> {
                Map<String, Object> rating = new LinkedHashMap<>();
                rating.put("score", r.score());
                rating.put("comment", r.comment().isEmpty() ? null : r.comment());
                rating.put("via", r.via());
                rating.put("rated", iso(r.ratedAt()));
                out.put("rating", rating);
            });
            out.put("messages", store.messages(id).stream().map(Api::message).toList());
            out.put("events", store.events(id).stream().map(e -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", e.kind());
                m.put("actor", e.actor());
                m.put("detail", e.detail());
                m.put("created", iso(e.created()));
                return m;
            }).toList());
            return out;
        });
    }

    /** A ticket's facts as in {@code /api/tickets}. */
    public static Map<String, Object> summary(Ticket t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id().value());
        m.put("status", t.status().name());
        m.put("priority", t.priority().name());
        m.put("category", t.category());
        m.put("subject", t.subject());
        m.put("requester", t.requester().address());
        m.put("assignee", t.assignee());
        m.put("premium", t.premium());
        m.put("plan", t.plan());
        m.put("created", iso(t.created()));
        m.put("updated", iso(t.updated()));
        return m;
    }

    /**
     * Each clock: its target (null: best effort), whether it counts business hours, its state
     * (running, paused, met, breached), the due time while it runs, the working time left, and when
     * it was met, warned and breached.
     */
    private Map<String, Object> sla(Map<SlaClock.Kind, SlaClock> clocks, Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        clocks.forEach((kind, c) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            Duration remaining = c.remainingAt(now, slaPolicy.time(c));
            m.put("target", c.target() == null ? null : Durations.format(c.target()));
            m.put("business_hours", !c.allDay());
            m.put("state", c.breachedAt() != null ? "breached" : c.metAt() != null ? "met" : c.running() ? "running" : "paused");
            m.put("due", iso(c.due()));
            m.put("remaining_seconds", remaining == null ? null : remaining.toSeconds());
            m.put("met_at", iso(c.metAt()));
            m.put("warned_at", iso(c.warnedAt()));
            m.put("breached_at", iso(c.breachedAt()));
            out.put(kind.name().toLowerCase(java.util.Locale.ROOT), m);
        });
        return out;
    }

    private static Map<String, Object> message(TicketMessage msg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", msg.from().address());
        m.put("from_name", msg.from().name());
        m.put("direction", msg.inbound() ? "in" : "out");
        m.put("internal", msg.internal());
        m.put("text", msg.replyText());
        m.put("quoted_text", msg.quotedText());
        m.put("attachments", msg.attachments().stream().map(a -> Map.of(
                "filename", a.filename(), "content_type", a.contentType(), "size", a.size(), "inline", a.inline())).toList());
        m.put("created", iso(msg.created()));
        return m;
    }

    private static Map<String, Object> problem(Health.Problem p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", p == null);
        if (p != null) {
            m.put("since", iso(p.since()));
            m.put("error", p.error());
        }
        return m;
    }

    static String iso(Instant i) {
        return i == null ? null : i.toString();
    }
}
