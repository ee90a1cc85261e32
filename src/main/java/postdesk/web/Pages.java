package postdesk.web;

import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

import postdesk.cluster.Leases;
import postdesk.health.Health;
import postdesk.store.Database;
import postdesk.sla.SlaClock;
import postdesk.store.OutboxStore;
import postdesk.store.RatingStore;
import postdesk.store.SlaStore;
import postdesk.outbound.TicketMail;
import postdesk.store.TicketStore;
import postdesk.ticket.StructuredFields;
import postdesk.ticket.Status;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketId;
import postdesk.ticket.TicketMessage;

/** The status pages, rendered on the server from Mustache templates that escape every value. */
final class Pages {
    private static final int BOARD_ROWS = 50;
    private final Database db;
    private final Health health;
    private final Leases leases;
    private final Clock clock;
    private final Template board = compile("/web/board.mustache");
    private final Template ticket = compile("/web/ticket.mustache");
    private final Template notFound = compile("/web/notfound.mustache");
    private final Template mailHtml = compile("/web/message.mustache");

    private final StructuredFields fields;

    Pages(Database db, Health health, Leases leases, Clock clock, StructuredFields fields) {
        this.leases = leases;
        this.fields = fields;
        this.db = db;
        this.health = health;
        this.clock = clock;
    }

    /** The board: tabs with counts, the page of tickets (most recently updated first), the health panel. */
    String board(Status status, String query, int page) {
        TicketStore store = new TicketStore(db.dsl());
        Map<Status, Integer> counts = store.countsByStatus();
        List<Map<String, Object>> tabs = new ArrayList<>();
        tabs.add(tab("All", "/", counts.values().stream().mapToInt(Integer::intValue).sum(), status == null));
        for (Status s : Status.values()) {
            tabs.add(tab(label(s), "/?status=" + s.name(), counts.get(s), s == status));
        }
        Map<String, Object> v = new HashMap<>();
        v.put("tabs", tabs);
        v.put("query", query == null ? "" : query);
        v.put("status", status == null ? "" : status.name());
        int total = store.count(status, query);
        int pages = Math.max(1, (total + BOARD_ROWS - 1) / BOARD_ROWS);
        int current = Math.min(page, pages);
        List<Ticket> tickets = store.list(status, query, BOARD_ROWS, (current - 1) * BOARD_ROWS);
        Map<TicketId, Map<SlaClock.Kind, SlaClock>> clocks = new SlaStore(db.dsl()).clocks(tickets.stream().map(Ticket::id).toList());
        Map<String, Map<String, String>> values = store.fieldsOf(tickets.stream().map(Ticket::id).toList());
        v.put("tickets", tickets.stream().map(t -> {
            Map<String, Object> row = row(t);
            row.put("sla", slaCell(clocks.getOrDefault(t.id(), Map.of())));
            row.put("fields", TicketMail.labelled(fields.shown(values.getOrDefault(t.id().value(), Map.of()), StructuredFields.Shown.BOARD)));
            return row;
        }).toList());
        String base = "/?" + (status == null ? "" : "status=" + status.name() + "&") + (query == null || query.isBlank() ? "" : "q=" + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8) + "&");
        v.put("page", current);
        v.put("pages", pages);
        v.put("total", total);
        if (current > 1) v.put("previous", base + "page=" + (current - 1));
        if (current < pages) v.put("next", base + "page=" + (current + 1));
        v.put("health", healthView());
        v.put("satisfaction", satisfaction(new RatingStore(db.dsl())));
        return board.execute(v);
    }

    Optional<String> ticket(TicketId id) {
        TicketStore store = new TicketStore(db.dsl());
        return store.find(id).map(t -> {
            Map<String, Object> v = row(t);
            v.put("requester_name", t.requester().name());
            v.put("linked", store.linked(id).stream().map(TicketId::value).toList());
            new RatingStore(db.dsl()).find(id).ifPresent(r -> v.put("rating", Map.of("score", r.score(), "stars", "★".repeat(r.score()),
                    "comment", r.comment(), "via", r.via(), "rated", r.ratedAt().toString(), "rated_ago", ago(r.ratedAt()))));
            v.put("plan", t.plan());
            v.put("fields", TicketMail.labelled(fields.shown(store.fields(id), StructuredFields.Shown.PAGE)));
            store.licensedTo(id).ifPresent(owner -> v.put("licensed_to", owner));
            store.sharedWith(id).ifPresent(org -> v.put("shared_with", org.substring(org.indexOf(':') + 1)));
            v.put("language", t.language());
            v.put("clocks", new SlaStore(db.dsl()).clocks(id).values().stream().map(this::clock).toList());
            v.put("messages", store.messages(id).stream().map(m -> message(id, m)).toList());
            v.put("events", store.events(id).stream().map(e -> Map.of(
                    "kind", e.kind(), "actor", e.actor(), "detail", e.detail() == null ? "" : e.detail(),
                    "created", e.created().toString(), "ago", ago(e.created()))).toList());
            return ticket.execute(v);
        });
    }

    /** One message's HTML as the customer's mail client would show it, minus anything active or remote. */
    Optional<String> messageHtml(TicketId id, long messageId) {
        TicketStore store = new TicketStore(db.dsl());
        return store.find(id).flatMap(t -> store.messages(id).stream()
                .filter(m -> m.id() == messageId && m.html() != null)
                .findFirst()
                .map(m -> mailHtml.execute(Map.of("id", id.value(), "subject", t.subject(), "from", m.from().toString(),
                        "created", m.created().toString(), "ago", ago(m.created()), "html", MailHtml.forPage(m.html(), id, m.attachments())))));
    }

    String notFound() {
        return notFound.execute(Map.of());
    }

    private Map<String, Object> row(Ticket t) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", t.id().value());
        m.put("subject", t.subject());
        m.put("requester", t.requester().address());
        m.put("status", label(t.status()));
        m.put("status_class", t.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("priority", t.priority().name());
        m.put("priority_class", t.priority().name().toLowerCase(Locale.ROOT));
        m.put("premium", t.premium());
        m.put("category", t.category() == null ? "" : t.category());
        m.put("assignee", t.assignee() == null ? "" : t.assignee());
        m.put("created", t.created().toString());
        m.put("created_ago", ago(t.created()));
        m.put("updated", t.updated().toString());
        m.put("updated_ago", ago(t.updated()));
        return m;
    }

    /** The board's SLA cell: the next due time of a running clock, or "breached", or nothing. */
    private Map<String, Object> slaCell(Map<SlaClock.Kind, SlaClock> clocks) {
        Map<String, Object> cell = new HashMap<>();
        if (clocks.values().stream().anyMatch(c -> c.breachedAt() != null && c.metAt() == null)) {
            cell.put("breached", true);
            cell.put("text", "breached");
            return cell;
        }
        clocks.values().stream().filter(c -> c.due() != null).map(SlaClock::due).min(Instant::compareTo).ifPresent(due -> {
            cell.put("due", due.toString());
            cell.put("text", "due " + until(due));
        });
        return cell;
    }

    private Map<String, Object> clock(SlaClock c) {
        Map<String, Object> m = new HashMap<>();
        m.put("what", c.kind() == SlaClock.Kind.RESPONSE ? "First response" : "Resolution");
        String state;
        if (c.target() == null) state = "best effort, no target";
        else if (c.metAt() != null) state = (c.breachedAt() == null ? "met " : "met late ") + ago(c.metAt());
        else if (c.breachedAt() != null) state = "BREACHED " + ago(c.breachedAt());
        else if (c.due() != null) state = "due " + until(c.due());
        else state = "paused";
        m.put("state", state);
        m.put("breached", c.breachedAt() != null);
        m.put("target", c.target() == null ? "" : postdesk.config.Durations.format(c.target()) + (c.allDay() ? " 24x7" : " business time"));
        return m;
    }

    /** "in 3 min", "in 2 h", "in 5 days" (or "now" when it has passed). */
    private String until(Instant when) {
        Duration d = Duration.between(clock.instant(), when);
        if (d.isNegative() || d.toSeconds() < 60) return "now";
        if (d.toMinutes() < 60) return "in " + d.toMinutes() + " min";
        if (d.toHours() < 48) return "in " + d.toHours() + " h";
        return "in " + d.toDays() + " days";
    }

    private Map<String, Object> message(TicketId ticket, TicketMessage msg) {
        Map<String, Object> m = new HashMap<>();
        m.put("from", msg.from().toString());
        m.put("side", msg.internal() ? "internal" : msg.inbound() ? "customer" : "support");
        m.put("side_label", msg.internal() ? "Internal note" : msg.inbound() ? "Customer" : "Support reply");
        m.put("side_icon", msg.internal() ? "🔒" : msg.inbound() ? "✉" : "↩");
        m.put("text", msg.replyText());
        m.put("quoted", msg.quotedText());
        m.put("has_quoted", !msg.quotedText().isBlank());
        m.put("attachments", msg.attachments().stream().map(a -> {
            Map<String, Object> file = new HashMap<>();
            file.put("filename", a.filename());
            file.put("size", a.size() < 0 ? "?" : postdesk.config.Sizes.format(a.size()));
            file.put("type", a.contentType());
            file.put("kept", a.sha256() != null);
            file.put("url", a.sha256() == null ? "" : Attachments.url(ticket, a));
            file.put("dropped", a.dropped() == null ? "" : a.dropped());
            return file;
        }).toList());
        // pictures pasted into the mail are shown in it; attached ones stay in the list
        m.put("images", msg.attachments().stream().filter(a -> a.inline() && a.isShowableImage())
                .map(a -> Map.of("filename", a.filename(), "url", Attachments.url(ticket, a))).toList());
        m.put("has_html", msg.html() != null);
        m.put("html_url", "/tickets/" + ticket.value() + "/messages/" + msg.id() + "/html");
        m.put("created", msg.created().toString());
        m.put("ago", ago(msg.created()));
        return m;
    }

    /** The board's satisfaction panel: all ratings, then per agent and per category (average, count). */
    private static Map<String, Object> satisfaction(RatingStore ratings) {
        RatingStore.Score all = ratings.overall();
        Map<String, Object> m = new HashMap<>();
        m.put("any", all.count() > 0);
        m.put("count", all.count());
        m.put("average", average(all));
        m.put("agents", ratings.byAgent().stream().map(Pages::scoreRow).toList());
        m.put("categories", ratings.byCategory().stream().map(Pages::scoreRow).toList());
        return m;
    }

    private static Map<String, Object> scoreRow(RatingStore.Score s) {
        return Map.of("label", s.label(), "average", average(s), "count", s.count());
    }

    private static String average(RatingStore.Score s) {
        return String.format(Locale.ROOT, "%.1f", s.average());
    }

    private Map<String, Object> healthView() {
        Map<String, Object> h = new HashMap<>();
        Instant last = health.lastPoll();
        h.put("last_poll", last == null ? "not yet" : ago(last));
        h.put("idle", health.idleConnected() ? "connected" : "not connected");
        h.put("backlog", new OutboxStore(db.dsl()).backlog());
        h.put("quarantined", new postdesk.store.MailLog(db.dsl()).quarantinedCount());
        h.put("held", new postdesk.store.TicketStore(db.dsl()).heldAnswers());
        List<String> problems = new ArrayList<>();
        boolean several = health.mailboxes().size() > 1;
        for (Health.Mailbox m : health.mailboxes()) {
            String of = several ? " (mailbox " + m.name() + ")" : "";
            if (m.imapProblem() != null) problems.add("IMAP" + of + " failing since " + ago(m.imapProblem().since()) + ": " + m.imapProblem().error());
            if (m.smtpProblem() != null) problems.add("SMTP" + of + " failing since " + ago(m.smtpProblem().since()) + ": " + m.smtpProblem().error());
        }
        h.put("problems", problems);
        List<String> daemons = leases.alive().stream().map(d -> d.id() + (d.id().equals(leases.id()) ? " (this one)" : "")
                + " reads " + String.join(", ", leases.leases().stream().filter(l -> l.owner().equals(d.id()))
                        .map(postdesk.store.LeaseStore.Lease::mailbox).toList())).toList();
        h.put("daemons", daemons);
        h.put("ok", problems.isEmpty());
        return h;
    }

    private static Map<String, Object> tab(String label, String href, int count, boolean active) {
        return Map.of("label", label, "href", href, "count", count, "active", active);
    }

    static String label(Status s) {
        String words = s.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** "3 min ago", "2 h ago", "5 days ago". */
    private String ago(Instant then) {
        Duration d = Duration.between(then, clock.instant());
        if (d.isNegative() || d.toSeconds() < 60) return "just now";
        if (d.toMinutes() < 60) return d.toMinutes() + " min ago";
        if (d.toHours() < 48) return d.toHours() + " h ago";
        return d.toDays() + " days ago";
    }

    private static Template compile(String resource) {
        return Mustache.compiler().escapeHTML(true).defaultValue("").compile(new StringReader(Routes.resource(resource)));
    }
}
