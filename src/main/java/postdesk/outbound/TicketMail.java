package postdesk.outbound;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jooq.DSLContext;

import postdesk.config.Desk;
import postdesk.config.Durations;
import postdesk.config.Lifecycle;
import postdesk.config.Mailbox;
import postdesk.config.Rate;
import postdesk.mail.Address;
import postdesk.mail.AttachmentInfo;
import postdesk.outbound.OutgoingMail.Kind;
import postdesk.reply.ReplyExtractor;
import postdesk.store.TicketStore;
import postdesk.ticket.Status;
import postdesk.ticket.StructuredFields;
import postdesk.ticket.Subjects;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketId;
import postdesk.ticket.TicketMessage;

/**
 * Every mail Postdesk writes about a ticket, from the templates: acknowledgements, agent
 * notifications, relayed agent replies and the auto-close reminder and notice. Queued through
 * the {@link Outbox} in the caller's transaction.
 */
public final class TicketMail {
    public static final String[] TEMPLATES = {
            "acknowledgement", "agent-notification", "agent-reply", "autoclose-reminder", "autoclose-notice",
            "attachments-dropped", "status-notice", "command-confirmation", "status-list", "sla-warning", "sla-breach", "rate-limited", "login-alert",
            "merge-notice", "replies-list", "answer-held", "queue", "side-forward", "work-started", "forum-pointer"};

    private final Desk desk;
    private final Lifecycle lifecycle;
    /** Each mailbox's templates: its own folder first, then the desk's, then the built-in ones. */
    private final Map<String, Templates> templates = new HashMap<>();
    private final Outbox outbox;
    private final java.time.Clock clock;

    /** Where the status pages are reached (the bound port when {@code http.port} is 0), for links in mail. */
    private final java.util.function.Supplier<String> pagesBase;
    /** The desk's time zone, for times shown to people. */
    private final java.time.ZoneId zone;

    /** The one-click satisfaction links of a closing mail. */
    private final postdesk.rating.RatingLinks ratingLinks;

    public TicketMail(Desk desk, Lifecycle lifecycle, Outbox outbox, java.time.Clock clock, java.util.function.Supplier<String> pagesBase,
                      java.time.ZoneId zone, postdesk.rating.RatingLinks ratingLinks) {
        this.desk = desk;
        this.ratingLinks = ratingLinks;
        this.pagesBase = pagesBase;
        this.zone = zone;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.outbox = outbox;
        for (Mailbox m : desk.mailboxes()) templates.put(m.name(), new Templates(m.templatesDir(), desk.templatesDir()));
    }

    /** Loads every template of every mailbox once, so a broken one stops start-up rather than a mail. */
    public void checkTemplates() {
        templates.values().forEach(t -> t.check(desk.languages().offered(), TEMPLATES));
    }

    /** To the requester of a new ticket; {@code followUpOf} is the closed ticket they replied to, if any. */
    public void acknowledge(DSLContext tx, Ticket ticket, TicketId followUpOf) {
        Map<String, Object> v = acknowledgementValues(tx, ticket);
        if (followUpOf != null) v.put("followup_of", followUpOf.value());
        toCustomer(tx, Kind.ACKNOWLEDGEMENT, ticket, null, "acknowledgement", v);
    }

    /** Tells the customer the ID of a ticket an agent split off {@code from} ({@code #split}). */
    public void acknowledgeSplit(DSLContext tx, Ticket ticket, TicketId from) {
        Map<String, Object> v = acknowledgementValues(tx, ticket);
        v.put("split_from", from.value());
        toCustomer(tx, Kind.ACKNOWLEDGEMENT, ticket, null, "acknowledgement", v);
    }

    /** With {@code first_answer_by}: when the first answer is due by the ticket's SLA clock, in the desk's words ("Monday 17:00"). */
    private Map<String, Object> acknowledgementValues(DSLContext tx, Ticket ticket) {
        Map<String, Object> v = values(ticket);
        postdesk.sla.SlaClock response = new postdesk.store.SlaStore(tx).clocks(ticket.id()).get(postdesk.sla.SlaClock.Kind.RESPONSE);
        if (response != null && response.due() != null) v.put("first_answer_by", businessTime(response.due(), ticket.language()));
        return v;
    }

    /**
     * "today 17:00", "tomorrow 09:30", "Monday 17:00" within a week, else "Mon 14 Dec 17:00" (desk's zone);
     * for a customer of another language than English, a date and time in that language's own style ("08.12.2026, 17:00").
     */
    String businessTime(java.time.Instant at, String language) {
        java.time.ZonedDateTime when = at.atZone(zone);
        if (language != null && !language.startsWith("en")) {
            return java.time.format.DateTimeFormatter.ofLocalizedDateTime(java.time.format.FormatStyle.MEDIUM, java.time.format.FormatStyle.SHORT)
                    .withLocale(java.util.Locale.forLanguageTag(language)).format(when);
        }
        java.time.LocalDate today = java.time.Instant.now(clock).atZone(zone).toLocalDate();
        String time = java.time.format.DateTimeFormatter.ofPattern("HH:mm").format(when);
        long days = java.time.temporal.ChronoUnit.DAYS.between(today, when.toLocalDate());
        if (days == 0) return "today " + time;
        if (days == 1) return "tomorrow " + time;
        if (days > 1 && days < 7) return when.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH) + " " + time;
        return java.time.format.DateTimeFormatter.ofPattern("EEE d MMM HH:mm", java.util.Locale.ENGLISH).format(when);
    }

    /** An agent's answer, relayed from the support address under the agent's name. */
    public void relayAgentReply(DSLContext tx, Ticket ticket, Address agent, String text) {
        Map<String, Object> v = values(ticket);
        v.put("agent_name", agent.displayName());
        v.put("text", text);
        toCustomer(tx, Kind.AGENT_REPLY, ticket, agent.displayName(), "agent-reply", v);
    }

    /** Tells the customer that an engineer ({@code agentName}) has started on their ticket. */
    public void workStarted(DSLContext tx, Ticket ticket, String agentName) {
        Map<String, Object> v = values(ticket);
        v.put("agent_name", agentName);
        toCustomer(tx, Kind.WORK_STARTED, ticket, null, "work-started", v);
    }

    /** Answers new mail from a customer whose plan is served in the forum: where to ask, and that no ticket was opened. */
    public void forumPointer(DSLContext tx, String mailbox, Address customer, String subject, String inReplyTo, String plan, String language) {
        Mailbox m = desk.mailbox(mailbox);
        Map<String, Object> v = new HashMap<>();
        v.put("customer_name", customer.displayName());
        v.put("customer_first_name", firstName(customer));
        v.put("support_name", m.supportName());
        v.put("forum_url", desk.policy().forumUrl());
        v.put("plan", plan);
        v.put("subject", subject == null ? "" : subject);
        Templates.Rendered r = templates.get(m.name()).render("forum-pointer", language, v);
        outbox.queue(tx, new OutgoingMail(Kind.FORUM_POINTER, null, from(m, null), List.of(customer), List.of(),
                "Re: " + Subjects.forTicket(subject == null ? "" : subject), inReplyTo == null ? List.of() : List.of(inReplyTo), r.text(), r.html()));
    }

    /** Tells the customer(s) of the surviving ticket, in its thread, that {@code merged} went into it. */
    public void mergeNotice(DSLContext tx, Ticket survivor, Ticket merged) {
        Map<String, Object> v = values(survivor);
        v.put("merged_id", merged.id().value());
        v.put("merged_subject", merged.subject());
        toCustomer(tx, Kind.STATUS_NOTICE, survivor, null, "merge-notice", v);
    }

    /**
     * The collision guard held {@code agent}'s answer: the messages written since their
     * notification, and how to go on (#send, #discard, or a new answer to this mail).
     */
    public void answerHeld(DSLContext tx, Ticket ticket, Address agent, List<TicketMessage> newer) {
        Map<String, Object> v = values(ticket);
        v.put("newer", newer.stream().map(m -> Map.of("from", m.from().toString(), "when", m.created().toString().substring(0, 16).replace('T', ' '),
                "text", m.replyText())).toList());
        TicketStore store = new TicketStore(tx);
        Templates.Rendered r = templates(ticket).render("answer-held", v);
        outbox.queue(tx, new OutgoingMail(Kind.COMMAND_CONFIRMATION, ticket.id(), from(ticket, null), List.of(Address.of(agent.address())),
                List.of(), "HELD: " + Subjects.outbound(ticket.subject(), ticket.id()), store.threadIds(ticket.id(), Kind.COMMAND_CONFIRMATION.audience),
                r.text(), r.html()));
    }

    /**
     * An agent's queue (the answer to a mail with the subject "queue"): each line with the
     * ticket's own reply address for this agent, so writing to it (say, {@code #assign me}) works
     * like answering the ticket's notification. {@code due}: each ticket's nearest SLA due time.
     */
    public void queue(DSLContext tx, String mailbox, Address agent, String inReplyTo, List<Ticket> tickets,
                      Map<TicketId, java.time.Instant> due, java.time.ZoneId zone) {
        Mailbox m = desk.mailbox(mailbox);
        TicketStore store = new TicketStore(tx);
        java.time.Instant now = java.time.Instant.now(clock);
        java.time.format.DateTimeFormatter at = java.time.format.DateTimeFormatter.ofPattern("EEE dd MMM HH:mm", java.util.Locale.ENGLISH);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Ticket t : tickets) {
            Map<String, Object> line = new HashMap<>();
            line.put("ticket_id", t.id().value());
            line.put("subject", t.subject());
            line.put("status", postdesk.ticket.StateMachine.label(t.status()));
            line.put("priority", t.priority().name().toLowerCase(java.util.Locale.ROOT));
            line.put("mine", agent.address().equals(t.assignee()));
            line.put("due", due.containsKey(t.id()) ? at.format(due.get(t.id()).atZone(zone)) : "");
            line.put("first_line", firstLine(store.messages(t.id()).stream().filter(x -> !x.internal()).map(x -> x.replyText()).findFirst().orElse("")));
            line.put("reply_to", outbox.composer().replyAddress(desk.mailbox(t.mailbox()).address(), agent.address(), t.id(),
                    store.position(t.id()), now));
            lines.add(line);
        }
        Map<String, Object> v = new HashMap<>();
        v.put("none", lines.isEmpty());
        v.put("tickets", lines);
        v.put("support_name", m.supportName());
        Templates.Rendered r = templates.get(m.name()).render("queue", v);
        outbox.queue(tx, new OutgoingMail(Kind.COMMAND_CONFIRMATION, null, from(m, null), List.of(Address.of(agent.address())), List.of(),
                "Re: queue - " + lines.size() + " ticket(s)", inReplyTo == null ? List.of() : List.of(inReplyTo), r.text(), r.html()));
    }

    private static String firstLine(String text) {
        String line = text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        return line.length() > 90 ? line.substring(0, 89) + "…" : line;
    }

    /**
     * {@code #forward}: the agent's text to a third party, from the ticket's mailbox under the
     * agent's name, in the ticket's side thread; {@code customerMessage}: the customer's last
     * message to include, or null. Replies come back to the support address.
     */
    public void sideForward(DSLContext tx, Ticket ticket, Address agent, Address to, String text, TicketMessage customerMessage) {
        Map<String, Object> v = values(ticket);
        v.put("text", text);
        v.put("agent_name", agent.displayName());
        v.put("customer_message", customerMessage == null ? "" : customerMessage.replyText());
        // the customer's files go along, as far as they were kept and fit in one mail
        List<AttachmentInfo> files = new ArrayList<>();
        List<String> left = new ArrayList<>();
        long total = 0;
        for (AttachmentInfo a : customerMessage == null ? List.<AttachmentInfo>of() : customerMessage.attachments()) {
            if (a.sha256() == null || a.isDropped() || total + a.size() > FORWARD_FILES_MAX) {
                left.add(a.filename());
            } else {
                files.add(a);
                total += a.size();
            }
        }
        v.put("left_out", left);
        TicketStore store = new TicketStore(tx);
        Templates.Rendered r = templates(ticket).render("side-forward", v);
        outbox.queue(tx, new OutgoingMail(Kind.SIDE_FORWARD, ticket.id(), from(ticket, agent.displayName()), List.of(to), List.of(),
                Subjects.outbound(ticket.subject(), ticket.id()), store.threadIds(ticket.id(), Kind.SIDE_FORWARD.audience), r.text(), r.html(),
                files));
    }

    /** How much of a customer's files a {@code #forward} carries: a size most mail servers take. */
    static final long FORWARD_FILES_MAX = 20L * 1024 * 1024;

    /** The canned replies, to the agent who asked (a mail with the subject "replies"). */
    public void repliesList(DSLContext tx, String mailbox, Address agent, String inReplyTo, String folder, List<Map<String, Object>> replies) {
        Mailbox m = desk.mailbox(mailbox);
        Map<String, Object> v = new HashMap<>();
        v.put("none", replies.isEmpty());
        v.put("replies", replies);
        v.put("folder", folder);
        Templates.Rendered r = templates.get(m.name()).render("replies-list", v);
        outbox.queue(tx, new OutgoingMail(Kind.COMMAND_CONFIRMATION, null, from(m, null), List.of(Address.of(agent.address())), List.of(),
                "Re: replies - canned replies", inReplyTo == null ? List.of() : List.of(inReplyTo), r.text(), r.html()));
    }

    /** The fields a canned reply may use. */
    public Map<String, Object> cannedValues(Ticket ticket, Address agent) {
        Map<String, Object> v = values(ticket);
        v.put("agent_name", agent.displayName());
        return v;
    }

    /** The name to greet someone by: "Jane" of "Jane Roe" or "Roe, Jane"; without a display name, the whole local part. */
    static String firstName(Address a) {
        if (a.name().isBlank()) return a.displayName();
        String name = a.name().strip();
        String given = name.contains(",") ? name.substring(name.indexOf(',') + 1).strip() : name;
        return given.isEmpty() ? name : given.split("\\s+")[0];
    }

    /** Tells the sender which of their attachments were not accepted, and why. */
    public void attachmentsDropped(DSLContext tx, Ticket ticket, Address sender, List<AttachmentInfo> dropped) {
        if (!sender.isDeliverable()) return;
        Map<String, Object> v = values(ticket);
        v.put("customer_name", sender.displayName());
        v.put("dropped", dropped.stream().map(a -> Map.of("filename", a.filename(), "size", humanSize(a.size()), "reason", a.dropped())).toList());
        TicketStore store = new TicketStore(tx);
        Templates.Rendered r = templates(ticket).render("attachments-dropped", ticket.language(), v);
        outbox.queue(tx, new OutgoingMail(Kind.ATTACHMENTS_DROPPED, ticket.id(), from(ticket, null), List.of(sender), List.of(),
                Subjects.outbound(ticket.subject(), ticket.id()), store.threadIds(ticket.id(), Kind.ATTACHMENTS_DROPPED.audience),
                r.text(), r.html()));
    }

    /** Tells the customer their ticket was resolved, closed or reopened ({@code previous} is the status it left). */
    public void statusNotice(DSLContext tx, Ticket ticket, Status previous) {
        Map<String, Object> v = values(ticket);
        v.put("resolved", ticket.status() == Status.RESOLVED);
        v.put("closed", ticket.status() == Status.CLOSED);
        v.put("reopened", previous == Status.RESOLVED && ticket.status() == Status.OPEN);
        v.put("resolved_close_after", Durations.words(lifecycle.resolvedCloseAfter()));
        askForRating(ticket, v);
        toCustomer(tx, Kind.STATUS_NOTICE, ticket, null, "status-notice", v);
    }

    /** Whether a closing mail asks for a satisfaction rating ({@code rating = on}). */
    public boolean asksForRating() {
        return ratingLinks.on();
    }

    /** A closing mail carries {@code rating} (true) and {@code rating_links}: score, stars and url of each. */
    private void askForRating(Ticket ticket, Map<String, Object> v) {
        if (!ratingLinks.on() || ticket.status() != Status.CLOSED) return;
        v.put("rating", true);
        v.put("rating_links", ratingLinks.forClose(ticket.id(), java.time.Instant.now(clock)));
    }

    /** Tells the agent what their command lines did, and what was refused; never sent to the customer. */
    public void commandConfirmation(DSLContext tx, Ticket ticket, Address agent, List<String> applied, List<String> refused) {
        Map<String, Object> v = values(ticket);
        v.put("applied", applied);
        v.put("refused", refused);
        v.put("status", ticket.status().name());
        v.put("priority", ticket.priority().name());
        v.put("assignee", ticket.assignee() == null ? "nobody" : ticket.assignee());
        TicketStore store = new TicketStore(tx);
        Templates.Rendered r = templates(ticket).render("command-confirmation", v);
        outbox.queue(tx, new OutgoingMail(Kind.COMMAND_CONFIRMATION, ticket.id(), from(ticket, null), List.of(Address.of(agent.address())),
                List.of(), Subjects.outbound(ticket.subject(), ticket.id()), store.threadIds(ticket.id(), Kind.COMMAND_CONFIRMATION.audience),
                r.text(), r.html()));
    }

    /**
     * A customer's own open tickets, to their address only (the answer to a mail with the subject
     * "status"), from the mailbox the request came to, in {@code language} (null: the default).
     */
    public void statusList(DSLContext tx, String mailbox, Address customer, String inReplyTo, List<Ticket> tickets, String language) {
        Mailbox m = desk.mailbox(mailbox);
        Map<String, Object> v = new HashMap<>();
        v.put("customer_name", customer.displayName());
        v.put("support_name", m.supportName());
        v.put("none", tickets.isEmpty());
        v.put("tickets", tickets.stream().map(t -> {
            Map<String, Object> row = new HashMap<>(Map.of("ticket_id", t.id().value(), "subject", t.subject(),
                    "status", postdesk.ticket.StateMachine.label(t.status()), "updated", t.updated().toString().substring(0, 10)));
            // a ticket a colleague shared with the organisation says whose it is
            if (!t.requester().address().equals(customer.address())) row.put("shared_by", t.requester().displayName());
            return row;
        }).toList());
        Templates.Rendered r = templates.get(m.name()).render("status-list", language, v);
        outbox.queue(tx, new OutgoingMail(Kind.STATUS_LIST, null, from(m, null), List.of(customer), List.of(),
                "Re: status - your open tickets", inReplyTo == null ? List.of() : List.of(inReplyTo), r.text(), r.html()));
    }

    /** Returns whether the reminder was queued (a suppressed address or an import sends nothing). */
    public boolean autocloseReminder(DSLContext tx, Ticket ticket) {
        Map<String, Object> v = values(ticket);
        v.put("remaining", Durations.words(lifecycle.autocloseReminderBefore()));
        return toCustomer(tx, Kind.AUTOCLOSE_REMINDER, ticket, null, "autoclose-reminder", v) != null;
    }

    public void autocloseNotice(DSLContext tx, Ticket ticket) {
        Map<String, Object> v = values(ticket);
        askForRating(ticket, v);
        toCustomer(tx, Kind.AUTOCLOSE_NOTICE, ticket, null, "autoclose-notice", v);
    }

    /**
     * Tells the agents what happened (the assignee only, once the ticket is assigned), except
     * {@code skipAgent}, who did it; Reply-To is the support address, so answering the
     * notification answers the customer.
     */
    public void notifyAgents(DSLContext tx, Ticket ticket, String event, Address author, String text,
                             List<AttachmentInfo> attachments, String skipAgent) {
        notify(tx, ticket, event, author, text, attachments, agentsFor(ticket, skipAgent));
    }

    /** A warning every agent gets, assigned or not (a possible forgery in the ticket). */
    public void warnAllAgents(DSLContext tx, Ticket ticket, String event, Address author, String text) {
        notify(tx, ticket, event, author, text, List.of(), mailbox(ticket).agents().stream().map(Address::of).toList());
    }

    /**
     * Tells a sender over a rate limit, once per window, that their mail is kept but not answered for
     * now; {@code domain} is the sender's domain when its mail was counted, null when only theirs was.
     */
    public void rateLimitNotice(DSLContext tx, Ticket ticket, Address sender, String domain, Rate limit) {
        Map<String, Object> v = values(ticket);
        v.put("customer_name", sender.displayName());
        v.put("limited_by", domain == null ? "you" : "your domain " + domain);
        if (domain != null) v.put("domain", domain);
        v.put("limit", limit.count());
        v.put("window", Durations.words(limit.window()));
        TicketStore store = new TicketStore(tx);
        Templates.Rendered r = templates(ticket).render("rate-limited", ticket.language(), v);
        outbox.queue(tx, new OutgoingMail(Kind.RATE_LIMIT_NOTICE, ticket.id(), from(ticket, null), List.of(sender), List.of(),
                Subjects.outbound(ticket.subject(), ticket.id()), store.threadIds(ticket.id(), Kind.RATE_LIMIT_NOTICE.audience),
                r.text(), r.html()));
    }

    private void notify(DSLContext tx, Ticket ticket, String event, Address author, String text,
                        List<AttachmentInfo> attachments, List<Address> agents) {
        if (agents.isEmpty()) return;
        Map<String, Object> v = values(ticket);
        v.put("event", event);
        v.put("author_name", author.displayName());
        v.put("author_address", author.address());
        v.put("text", text);
        v.put("status", ticket.status().name());
        v.put("priority", ticket.priority().name());
        if (ticket.linkedTo() != null) v.put("followup_of", ticket.linkedTo().value());
        List<Map<String, Object>> files = new ArrayList<>();
        for (AttachmentInfo a : attachments) files.add(Map.of("filename", a.filename(), "size", humanSize(a.size())));
        v.put("attachments", files);
        TicketStore store = new TicketStore(tx);
        v.put("fields", labelled(desk.policy().fields().shown(store.fields(ticket.id()), StructuredFields.Shown.NOTIFICATION)));
        if (store.sharedWith(ticket.id()).isPresent()) v.put("shared", true);
        v.put("earlier", earlier(store, ticket, text));
        v.put("ticket_url", pagesBase.get() + "/tickets/" + ticket.id().value());
        Templates.Rendered r = templates(ticket).render("agent-notification", v);
        String subject = subjectTag(event) + Subjects.outbound(ticket.subject(), ticket.id());
        // one mail per agent: agents never see each other's addresses, and each can answer on their own
        for (Address agent : agents) {
            outbox.queue(tx, new OutgoingMail(Kind.AGENT_NOTIFICATION, ticket.id(), from(ticket, author.displayName()),
                    List.of(agent), List.of(), subject, store.threadIds(ticket.id(), Kind.AGENT_NOTIFICATION.audience), r.text(), r.html()));
        }
    }

    /**
     * What came before the new text, so an agent answering from the index knows the story: the
     * customer's first message (the problem) and the message before this one, newest last, each
     * cut to 20 lines.
     */
    private List<Map<String, Object>> earlier(TicketStore store, Ticket ticket, String text) {
        List<TicketMessage> visible = new ArrayList<>(store.messages(ticket.id()).stream().filter(m -> !m.internal()).toList());
        if (!visible.isEmpty() && visible.get(visible.size() - 1).replyText().strip().equals(text == null ? "" : text.strip())) {
            visible.remove(visible.size() - 1); // the new text itself
        }
        java.util.LinkedHashSet<TicketMessage> picked = new java.util.LinkedHashSet<>();
        visible.stream().filter(TicketMessage::inbound).findFirst().ifPresent(picked::add);
        if (!visible.isEmpty()) picked.add(visible.get(visible.size() - 1));
        java.time.format.DateTimeFormatter at = java.time.format.DateTimeFormatter.ofPattern("EEE dd MMM HH:mm", java.util.Locale.ENGLISH);
        return picked.stream().map(m -> Map.<String, Object>of("from", m.from().toString(), "when", at.format(m.created().atZone(zone)),
                "text", firstLines(m.replyText(), 20))).toList();
    }

    private static String firstLines(String text, int max) {
        List<String> lines = text.strip().lines().toList();
        return lines.size() <= max ? String.join("\n", lines) : String.join("\n", lines.subList(0, max)) + "\n[…]";
    }

    /** A notification that is not an ordinary message says so first in its subject. */
    static String subjectTag(String event) {
        if (event.startsWith("POSSIBLE FORGERY")) return "[FORGERY?] ";
        if (event.startsWith("Internal note")) return "[note] ";
        if (event.startsWith("Assigned to you")) return "[assigned to you] ";
        if (event.startsWith("Snooze ended")) return "[snooze ended] ";
        if (event.startsWith("Reply from") && event.contains("side thread")) return "[side thread] ";
        if (event.startsWith("Closed")) return "[closed] ";
        return "";
    }

    /** An SLA warning or breach ({@code template} sla-warning or sla-breach), to the assignee or else all agents. */
    public void slaAlert(DSLContext tx, Ticket ticket, String template, Map<String, Object> details) {
        Map<String, Object> v = values(ticket);
        v.putAll(details);
        v.put("status", ticket.status().name());
        v.put("priority", ticket.priority().name());
        v.put("plan", ticket.plan());
        TicketStore store = new TicketStore(tx);
        Templates.Rendered r = templates(ticket).render(template, v);
        for (Address agent : agentsFor(ticket, null)) {
            outbox.queue(tx, new OutgoingMail(Kind.SLA_ALERT, ticket.id(), from(ticket, null), List.of(agent), List.of(),
                    Subjects.outbound(ticket.subject(), ticket.id()), store.threadIds(ticket.id(), Kind.SLA_ALERT.audience),
                    r.text(), r.html()));
        }
    }

    /**
     * Mailbox {@code failing} has not logged in to {@code protocol} since {@code since}: its agents
     * are told once (see {@code LoginAlerts}), in mail that leaves by mailbox {@code via} (another
     * mailbox when the failing one cannot send).
     */
    public void loginAlert(DSLContext tx, String failing, String via, String protocol, String server, java.time.Instant since,
                           String error) {
        Mailbox m = desk.mailbox(failing);
        Map<String, Object> v = new HashMap<>();
        v.put("protocol", protocol);
        v.put("imap", protocol.equals("IMAP"));
        v.put("server", server);
        v.put("address", m.address());
        v.put("since", since.toString());
        v.put("error", error);
        v.put("support_name", m.supportName());
        Templates.Rendered r = templates.get(m.name()).render("login-alert", v);
        outbox.queue(tx, new OutgoingMail(Kind.LOGIN_ALERT, null, from(desk.mailbox(via), null), m.agents().stream().map(Address::of).toList(),
                List.of(), "Postdesk cannot log in to " + protocol + " for " + m.address(), List.of(), r.text(), r.html()));
    }

    /** The assignee once the ticket is assigned, else every agent; without {@code skipAgent}. */
    private List<Address> agentsFor(Ticket ticket, String skipAgent) {
        List<String> audience = ticket.assignee() != null && desk.isAgent(ticket.assignee()) ? List.of(ticket.assignee())
                : mailbox(ticket).agents();
        return audience.stream().filter(a -> !a.equals(skipAgent)).map(Address::of).toList();
    }

    /**
     * Returns the queued mail's Message-ID, or null when nothing was queued. {@code person} is whose
     * words it carries (shown as "person via Support"), null for the desk's own.
     */
    private String toCustomer(DSLContext tx, Kind kind, Ticket ticket, String person, String template, Map<String, Object> v) {
        TicketStore store = new TicketStore(tx);
        if (!ticket.requester().isDeliverable()) {
            store.addEvent(ticket.id(), "not_sent", "postdesk", kind + ": the requester's address cannot receive mail", java.time.Instant.now(clock));
            return null;
        }
        Templates.Rendered r = templates(ticket).render(template, ticket.language(), v);
        List<Address> cc = store.participants(ticket.id()).stream().filter(Address::isDeliverable).toList();
        return outbox.queue(tx, new OutgoingMail(kind, ticket.id(), from(ticket, person), List.of(ticket.requester()), cc,
                Subjects.outbound(ticket.subject(), ticket.id()), store.threadIds(ticket.id(), kind.audience), r.text(), r.html()));
    }

    private Mailbox mailbox(Ticket ticket) {
        return desk.mailbox(ticket.mailbox());
    }

    private Templates templates(Ticket ticket) {
        return templates.get(mailbox(ticket).name());
    }

    private OutgoingMail.From from(Ticket ticket, String person) {
        return from(mailbox(ticket), person);
    }

    /** The mailbox's address, under its support name, or "person via support name" for someone's words. */
    private static OutgoingMail.From from(Mailbox m, String person) {
        return new OutgoingMail.From(m.name(), person == null ? m.supportName() : person + " via " + m.supportName(), m.address());
    }

    private Map<String, Object> values(Ticket ticket) {
        Mailbox m = mailbox(ticket);
        Map<String, Object> v = new HashMap<>();
        v.put("ticket_id", ticket.id().value());
        v.put("subject", ticket.subject());
        v.put("customer_name", ticket.requester().displayName());
        v.put("customer_first_name", firstName(ticket.requester()));
        v.put("customer_address", ticket.requester().address());
        v.put("support_name", m.supportName());
        v.put("support_address", m.address());
        v.put("marker", ReplyExtractor.MARKER);
        v.put("autoclose_after", Durations.words(lifecycle.autocloseAfter()));
        v.put("severity", desk.priorities().words().wordFor(ticket.priority()));
        return v;
    }

    /** Label → value pairs as template rows ({@code label}, {@code value}). */
    public static List<Map<String, Object>> labelled(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> Map.<String, Object>of("label", e.getKey(), "value", e.getValue())).toList();
    }

    static String humanSize(long bytes) {
        if (bytes < 0) return "?";
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return (bytes + 512) / 1024 + " KB";
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
