package postdesk.inbound;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import postdesk.config.Desk;
import postdesk.config.Guards;
import postdesk.config.Mailbox;
import postdesk.config.TicketPolicy;
import postdesk.mail.Address;
import postdesk.mail.AttachmentInfo;
import postdesk.mail.Audience;
import postdesk.mime.ParsedMail;
import postdesk.outbound.TicketMail;
import postdesk.rating.RatingReply;
import postdesk.rating.Ratings;
import postdesk.reading.MailKind;
import postdesk.reply.HtmlText;
import postdesk.sla.SlaChanges;
import postdesk.store.CustomerStore;
import postdesk.store.GuardStore;
import postdesk.store.TicketStore;
import postdesk.ticket.CommandPlan;
import postdesk.ticket.Commands;
import postdesk.ticket.Priorities;
import postdesk.ticket.Priority;
import postdesk.ticket.ShareRequest;
import postdesk.ticket.StateMachine;
import postdesk.ticket.Status;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketId;
import postdesk.ticket.TicketMessage;
import postdesk.timers.StatusChanges;

/**
 * Pipeline step "apply": carries a {@link Decision} out as ticket changes and queued mail, inside
 * the caller's transaction. Only human mail is ever answered; machine mail is stored and changes nothing.
 */
public final class Apply {
    private static final Logger log = LoggerFactory.getLogger(Apply.class);
    /** The audit event of the "an engineer is on it" mail; its detail is the engineer's address. */
    static final String WORK_STARTED = "customer_told_work_started";
    private static final String FORGED_NOTE = " (FORGED SENDER? a trusted server's DMARC/SPF check failed: not answered)";
    private final Desk desk;
    private final Guards guards;
    private final TicketMail mail;
    private final StatusChanges statusChanges;
    private final SlaChanges sla;
    private final RateLimits limits;
    private final RandomGenerator random;
    private final Intake intake;
    private final postdesk.outbound.CannedReplies canned;

    private final boolean collisionGuard;
    private final Ratings ratings;

    public Apply(Desk desk, Guards guards, TicketMail mail, StatusChanges statusChanges, SlaChanges sla, RandomGenerator random,
                 Intake intake, boolean collisionGuard, Ratings ratings) {
        this.desk = desk;
        this.ratings = ratings;
        this.collisionGuard = collisionGuard;
        this.guards = guards;
        this.intake = intake;
        this.limits = new RateLimits(guards);
        this.mail = mail;
        this.statusChanges = statusChanges;
        this.sla = sla;
        this.random = random;
        this.canned = new postdesk.outbound.CannedReplies(repliesDir(desk));
    }

    /** Canned replies live next to the templates folder: {@code config/replies/}. */
    public static java.nio.file.Path repliesDir(Desk desk) {
        return desk.templatesDir().resolveSibling("replies");
    }

    /** Carries {@code decision} out, then what the guards' verdict and the mail's dropped attachments add to it. */
    public Outcome apply(DSLContext tx, Arrival a, Decision decision, Guard.Verdict verdict, Instant now) {
        TicketStore store = new TicketStore(tx);
        Address sender = a.mail().from();
        Optional<RateLimits.Tripped> limited = verdict.limited();
        Outcome outcome = carryOut(tx, store, a, decision, limited, now);
        if (outcome.ticket() == null) return outcome;
        if (a.forged()) {
            store.addEvent(outcome.ticket(), "forged_sender", sender.address(), "a trusted server found the sender forged"
                    + " (DMARC or SPF failed): kept, not answered, no command applied", now);
        }
        if (limited.isPresent()) {
            RateLimits.Tripped tripped = limited.get();
            store.addEvent(outcome.ticket(), "rate_limited", sender.address(), tripped.describe() + ": not answered", now);
            if (limits.noticeDue(new GuardStore(tx), sender, tripped, now)) {
                mail.rateLimitNotice(tx, store.find(outcome.ticket()).orElseThrow(), sender,
                        tripped.who().equals(sender.address()) ? null : sender.domain(), tripped.rate());
            }
        }
        reportDropped(tx, store, outcome.ticket(), a, now);
        return outcome;
    }

    /** A decision's own effect (Java 17 has no switch over a sealed type's records yet: one branch a kind). */
    private Outcome carryOut(DSLContext tx, TicketStore store, Arrival a, Decision decision, Optional<RateLimits.Tripped> limited,
                             Instant now) {
        Address sender = a.mail().from();
        if (decision instanceof Decision.Ignore) return new Outcome(Outcome.Action.IGNORED, null);
        if (decision instanceof Decision.Unfiled) {
            log.info("mail {} ({}, no sender address) belongs to no ticket: recorded, not filed", a.mail().messageId(), a.kind().label());
            return new Outcome(Outcome.Action.UNFILED, null);
        }
        if (decision instanceof Decision.StatusList list) {
            if (!list.answer()) {
                log.info("status request from {} not answered: {}", sender.address(),
                        limited.map(RateLimits.Tripped::describe).orElse("the sender failed authentication"));
                return new Outcome(Outcome.Action.NOT_ANSWERED, null);
            }
            List<Ticket> open = store.openTicketsOf(sender.address(), new CustomerStore(tx).organisationOf(sender.address()));
            mail.statusList(tx, a.raw().position().mailbox(), sender, a.mail().messageId(), open, statusListLanguage(tx, sender, open));
            return new Outcome(Outcome.Action.STATUS_SENT, null);
        }
        if (decision instanceof Decision.AgentList list) {
            if (!list.answer()) return new Outcome(Outcome.Action.NOT_ANSWERED, null);
            String mailbox = a.raw().position().mailbox();
            if (list.which().equals("replies")) {
                mail.repliesList(tx, mailbox, sender, a.mail().messageId(), repliesDir(desk).toString(), canned.list());
            } else {
                List<Ticket> queue = store.queueOf(sender.address(), 50);
                mail.queue(tx, mailbox, sender, a.mail().messageId(), queue, sla.nearestDue(tx, queue), sla.zone());
            }
            return new Outcome(Outcome.Action.STATUS_SENT, null);
        }
        if (decision instanceof Decision.Open open) return open(tx, store, a, open.linkedTo(), open.answer(), now);
        if (decision instanceof Decision.AppendUnanswered append) return storeUnanswered(store, append.ticket(), a, append.why(), now);
        if (decision instanceof Decision.AgentReply reply) return agentReply(tx, store, reply.ticket(), a, now);
        if (decision instanceof Decision.SideReply side) return sideReply(tx, store, side.ticket(), a, now);
        if (decision instanceof Decision.UnprovenAgent unproven) return unprovenAgent(tx, store, unproven.ticket(), a, now);
        if (decision instanceof Decision.CustomerReply reply) return customerReply(tx, store, reply.ticket(), a, now);
        if (decision instanceof Decision.Rate rate) return rate(tx, store, rate.ticket(), rate.given(), a, now);
        throw new IllegalStateException("no effect for " + decision);
    }

    private Outcome storeUnanswered(TicketStore store, Ticket ticket, Arrival a, String why, Instant now) {
        long row = storeMessage(store, ticket.id(), a, a.role() == Role.AGENT ? Audience.AGENT : Audience.CUSTOMER, true, false,
                a.reply().text(), now);
        if (a.kind() != MailKind.HUMAN) store.markMachine(row);
        String detail = why;
        if (a.read().bounce() != null) {
            detail += "; failed: " + a.read().bounce().recipients().stream()
                    .map(r -> r.address() + " " + (r.status() == null ? "?" : r.status()))
                    .collect(java.util.stream.Collectors.joining(", "));
        }
        store.addEvent(ticket.id(), a.kind() == MailKind.HUMAN ? "unanswered" : "machine_mail", a.mail().from().address(), detail, now);
        return new Outcome(Outcome.Action.APPENDED, ticket.id());
    }

    /**
     * A mail on a ticket that says it is from an agent but proves nothing (no reply token, no
     * trusted DKIM/DMARC pass): kept as an internal message, nothing relayed, no command run, and
     * every agent is warned.
     */
    private Outcome unprovenAgent(DSLContext tx, TicketStore store, Ticket ticket, Arrival a, Instant now) {
        storeMessage(store, ticket.id(), a, Audience.AGENT, true, true, a.reply().text(), now);
        store.addEvent(ticket.id(), "forgery_suspected", a.mail().from().address(),
                "mail from an agent address without proof: stored as internal, nothing relayed or applied", now);
        mail.warnAllAgents(tx, ticket, "POSSIBLE FORGERY: mail from an agent address without proof (not relayed, no command applied;"
                + " agents answer through the reply address of their notification)", a.mail().from(), a.reply().text());
        return new Outcome(Outcome.Action.APPENDED, ticket.id());
    }

    private Outcome open(DSLContext tx, TicketStore store, Arrival a, TicketId linkedTo, boolean answer, Instant now) {
        Address requester = a.mail().from();
        boolean human = a.kind() == MailKind.HUMAN;
        CustomerStore customers = new CustomerStore(tx);
        TicketPolicy policy = desk.policy();
        // only a human's first mail gives fields and may ask for a priority; machine mail stays normal
        Map<String, String> fields = human ? policy.fields().extract(a.reply().text()) : Map.of();
        Optional<CustomerStore.Customer> licensee = Optional.ofNullable(fields.get("license")).flatMap(customers::licensee);
        Optional<CustomerStore.Customer> known = customers.find(requester.address());
        String plan = known.map(CustomerStore.Customer::plan)
                .or(() -> licensee.map(CustomerStore.Customer::plan)).orElse(policy.defaultPlan());
        // an archive's history is kept whatever the plan; a live customer of a forum plan is pointed there
        if (intake == Intake.LIVE && a.role() != Role.AGENT && policy.pointsToForum(plan) && licensee.isEmpty()) {
            return pointToForum(tx, a, plan, language(known, a), answer);
        }
        TicketId id = newId(store);
        Priority priority = human ? desk.priorities().requested(a.mail().subject(), a.reply().text()).orElse(Priority.NORMAL) : Priority.NORMAL;
        // the mailbox it came to answers it; a mail of no mailbox (an archive, a replay) goes to the first
        Mailbox mailbox = desk.mailbox(a.raw().position().mailbox());
        String category = desk.categories().forNewTicket(a.mail().recipients(), a.mail().subject()).orElse(mailbox.category());
        Ticket ticket = Ticket.open(id, desk.priorities().withoutTag(a.mail().subject()), requester, priority, category, plan,
                policy.isPaid(plan), linkedTo, mailbox.name(), language(known, a), now);
        store.insert(ticket);
        store.setFields(id, fields);
        sla.opened(tx, ticket, now);
        if (a.role() != Role.STRANGER) addParticipants(tx, store, id, a.mail(), now);
        append(store, ticket, a, Audience.CUSTOMER, now);
        String source = intake == Intake.ARCHIVE ? "imported from an archive" : "from mail";
        store.addEvent(id, "created", requester.address(), (linkedTo == null ? source : source + ", follows up " + linkedTo.value())
                + (priority == Priority.NORMAL ? "" : ", priority " + priority + " as the customer asked"), now);
        if (licensee.isPresent()) {
            store.linkLicence(id, licensee.get().pattern());
            store.addEvent(id, "licence", requester.address(), "licence " + fields.get("license") + " belongs to " + licensee.get().pattern()
                    + " (" + licensee.get().organisation() + ", plan " + licensee.get().plan() + "): premium", now);
            ticket = store.find(id).orElseThrow();
        }
        if (a.role() != Role.AGENT) share(store, customers, known, ticket, a.reply().text(), now);
        if (linkedTo != null) {
            store.addEvent(linkedTo, "followed_up", requester.address(), "by " + id.value(), now);
        }
        if (answer) mail.acknowledge(tx, ticket, linkedTo);
        if (answer || a.forged() && human) {
            String event = linkedTo == null ? "New ticket" : "New ticket (follow-up)";
            mail.notifyAgents(tx, ticket, a.forged() ? event + FORGED_NOTE : event, requester, a.reply().text(), a.mail().attachments(), null);
        }
        return new Outcome(linkedTo == null ? Outcome.Action.CREATED : Outcome.Action.FOLLOW_UP, id);
    }

    /** A plan served in the forum: the customer is pointed there (when answerable) and no ticket is opened. */
    private Outcome pointToForum(DSLContext tx, Arrival a, String plan, String language, boolean answer) {
        log.info("new mail {} from {} (plan {}): pointed to the forum, no ticket", a.mail().messageId(), a.mail().from().address(), plan);
        if (!answer) return new Outcome(Outcome.Action.NOT_ANSWERED, null);
        mail.forumPointer(tx, a.raw().position().mailbox(), a.mail().from(), a.mail().subject(), a.mail().messageId(), plan, language);
        return new Outcome(Outcome.Action.FORUM_POINTER, null);
    }

    /**
     * Records the requester's organisation and shares the ticket with it when the first message
     * says {@code Share: organisation} (or the organisation shares by default and the customer did
     * not write {@code Share: private}); the organisation's members listed in the directory then
     * follow it. A requester of no organisation (a public mail domain) has nobody to share with.
     * {@code entry}: the requester's directory entry, looked up once for the whole new ticket.
     */
    private void share(TicketStore store, CustomerStore customers, Optional<CustomerStore.Customer> entry, Ticket ticket, String text,
                       Instant now) {
        Optional<String> organisation = CustomerStore.organisationOf(ticket.requester().address(), entry);
        if (organisation.isEmpty()) return;
        String directoryOrganisation = entry.map(CustomerStore.Customer::organisation).orElse(null);
        boolean shared = ShareRequest.in(text).orElse(desk.policy().sharesByDefault(directoryOrganisation));
        store.setOrganisation(ticket.id(), organisation.get(), shared);
        if (!shared) return;
        List<String> members = directoryOrganisation == null ? List.of() : customers.membersOf(directoryOrganisation).stream()
                .filter(m -> !m.equals(ticket.requester().address()) && !desk.isAgent(m)).limit(guards.participantsMax()).toList();
        members.forEach(m -> store.addParticipant(ticket.id(), Address.of(m)));
        store.addEvent(ticket.id(), "shared", ticket.requester().address(), "shared with the organisation "
                + (directoryOrganisation == null ? organisation.get().substring(organisation.get().indexOf(':') + 1) : directoryOrganisation)
                + (members.isEmpty() ? "" : "; following it: " + members.size() + " member(s) from the directory"), now);
    }

    /**
     * A rating in answer to the closing mail: kept on the ticket with its comment (a reply with
     * no comment keeps the one given before); the ticket stays closed and nobody is mailed.
     */
    private Outcome rate(DSLContext tx, TicketStore store, Ticket ticket, RatingReply.Given given, Arrival a, Instant now) {
        storeMessage(store, ticket.id(), a, Audience.CUSTOMER, true, false, a.reply().text(), now);
        ratings.record(tx, ticket, given.score(), given.comment().isEmpty() ? null : given.comment(), Ratings.VIA_REPLY,
                a.mail().from().address(), now);
        return new Outcome(Outcome.Action.APPENDED, ticket.id());
    }

    /** The customer's language in the directory, else that of their latest open ticket, else the default. */
    private String statusListLanguage(DSLContext tx, Address customer, List<Ticket> open) {
        String known = new CustomerStore(tx).find(customer.address()).map(CustomerStore.Customer::language)
                .orElse(open.isEmpty() ? null : open.get(0).language());
        return desk.languages().pick(known);
    }

    /**
     * The language of a new ticket: the customer's in the directory, else the one their words are
     * clearly in (a human's mail only), when it is offered; else the default.
     */
    private String language(Optional<CustomerStore.Customer> customer, Arrival a) {
        Optional<String> known = customer.map(CustomerStore.Customer::language);
        return desk.languages().pick(known.orElse(a.read().language())); // detected by the reader
    }

    private Outcome customerReply(DSLContext tx, TicketStore store, Ticket ticket, Arrival a, Instant now) {
        Address customer = a.mail().from();
        Commands.Parsed parsed = Commands.parse(a.reply().text(), CommandPlan.CUSTOMER_COMMANDS);
        CommandPlan plan = a.forged() ? CommandPlan.forCustomer(ticket, List.of()) : CommandPlan.forCustomer(ticket, parsed.commands());
        // command lines never reach anyone as text, the customer's no more than an agent's
        storeMessage(store, ticket.id(), a, Audience.CUSTOMER, true, false, parsed.text(), now);
        if (a.role() == Role.PARTICIPANT && !store.isParticipant(ticket.id(), customer.address())) {
            // a colleague of the requester answering a ticket shared with their organisation follows it from now on
            store.addParticipant(ticket.id(), customer);
            store.addEvent(ticket.id(), "joined", customer.address(), "member of the organisation the ticket is shared with", now);
        }
        statusChanges.cancelHeld(tx, ticket, now);
        Ticket updated;
        String event;
        if (plan.status().isPresent()) {
            updated = statusChanges.move(tx, ticket, plan.status().get(), customer.address(), "closed by the customer", now, true);
            event = "Closed by the customer";
        } else {
            updated = statusChanges.move(tx, ticket, StateMachine.customerReplied(ticket.status()).to(), customer.address(),
                    "customer replied", now, true);
            event = a.forged() ? "Customer reply" + FORGED_NOTE + (parsed.commands().isEmpty() ? "" : "; its "
                    + parsed.commands().stream().map(Commands.Command::line).collect(Collectors.joining(", ")) + " was not applied")
                    : "Customer reply";
        }
        mail.notifyAgents(tx, updated, event, customer, parsed.text(), a.mail().attachments(), null);
        return new Outcome(Outcome.Action.APPENDED, ticket.id());
    }

    /**
     * An agent's mail: command lines at the top are applied (and confirmed to the agent only), the
     * rest is relayed to the customer unless it is a {@code #note}, and the status follows the
     * state machine (a {@code #status} command wins over the reply's own move).
     */
    private Outcome agentReply(DSLContext tx, TicketStore store, Ticket ticket, Arrival a, Instant now) {
        Address agent = a.mail().from();
        Commands.Parsed parsed = Commands.parse(a.reply().text());
        CommandPlan plan = CommandPlan.forAgent(ticket, parsed.commands(), agent.address(), desk.agents(), desk.categories(),
                new CommandPlan.Context(now, sla.zone(), into -> mergeRefusal(store, into),
                        name -> canned.text(name, mail.cannedValues(ticket, agent))));
        // canned replies go above the agent's own words, in the order asked
        String text = Stream.concat(plan.changes(CommandPlan.CannedReply.class).stream().map(CommandPlan.CannedReply::text),
                Stream.of(parsed.text())).filter(t -> !t.isBlank()).collect(Collectors.joining("\n\n"));
        Optional<Instant> sendAt = plan.changes(CommandPlan.SendAt.class).stream().map(CommandPlan.SendAt::at).reduce((x, y) -> y);
        // the text of a #forward goes to the third party and that of a #split to the new ticket, not to the customer
        boolean answer = !plan.note() && plan.changes(CommandPlan.Forward.class).isEmpty() && plan.changes(CommandPlan.Split.class).isEmpty()
                && !text.isBlank();
        // a new answer replaces one the guard still holds
        if (answer) store.settleHeld(ticket.id(), agent.address(), "REPLACED");
        List<TicketMessage> newer = answer && sendAt.isEmpty() ? newerThanSeen(store, ticket, a, agent) : List.of();
        boolean relay = answer && sendAt.isEmpty() && newer.isEmpty();
        long row = storeMessage(store, ticket.id(), a, Audience.AGENT, false, !relay, answer ? text : a.reply().text(), now);
        if (!newer.isEmpty()) {
            store.holdAnswer(ticket.id(), row, agent.address(), now);
            store.addEvent(ticket.id(), "answer_held", agent.address(), newer.size() + " newer message(s) since the agent's notification:"
                    + " held, not sent (collision guard)", now);
            mail.answerHeld(tx, ticket, agent, newer);
        }
        if (answer && sendAt.isPresent()) {
            new postdesk.store.TimerStore(tx).schedule(ticket.id(), StatusChanges.SEND_AT + row, sendAt.get(), now);
            store.addEvent(ticket.id(), "answer_held", agent.address(), "to be sent at " + sendAt.get() + " (#sendat)", now);
        }

        String newAssignee = applyFields(tx, store, ticket, plan, agent, now);
        Ticket current = store.find(ticket.id()).orElseThrow();
        if (relay) {
            mail.relayAgentReply(tx, current, agent, text);
            sla.responded(tx, ticket.id(), now);
            store.addEvent(ticket.id(), "agent_reply", agent.address(), "relayed to " + ticket.requester().address()
                    + (ticket.status() == Status.CLOSED && plan.status().isEmpty() ? "; the ticket stays closed" : ""), now);
        }
        // each command's status in order, so every step is on the audit trail
        for (CommandPlan.Change change : plan.changes()) {
            if (change instanceof CommandPlan.SetStatus st) {
                current = statusChanges.move(tx, current, st.to(), agent.address(), st.explicit() ? "agent command" : "assigned", now,
                        st.explicit());
            }
        }
        if (relay && plan.explicitStatus().isEmpty()) {
            // a reply waits for the customer unless a #status asked otherwise (#assign does not count)
            Status target = StateMachine.agentReplied(current.status()).to();
            if (target == Status.AWAITING_CUSTOMER && current.status() == Status.AWAITING_CUSTOMER) {
                statusChanges.restartAutoClose(tx, ticket.id(), now); // the customer's clock runs from this reply
            }
            current = statusChanges.move(tx, current, target, agent.address(), "agent replied", now, false);
        }
        if (!relay) {
            if (plan.note()) {
                store.addEvent(ticket.id(), "note", agent.address(), "internal note", now);
                // a note handed over with an assignment is one mail to the new assignee, not two
                boolean handOver = newAssignee != null && !newAssignee.equals(agent.address());
                if (!handOver) mail.notifyAgents(tx, current, "Internal note", agent, text, a.mail().attachments(), agent.address());
            } else if (!answer && parsed.commands().isEmpty()) {
                store.addEvent(ticket.id(), "empty_reply", agent.address(), "agent reply without new text was not relayed", now);
            }
        }
        if (newAssignee != null && !newAssignee.equals(agent.address())) {
            mail.notifyAgents(tx, current, "Assigned to you by " + agent.displayName() + (plan.note() ? ", with an internal note" : ""),
                    agent, text, plan.note() ? a.mail().attachments() : List.of(), agent.address());
        }
        // an answer in the same mail already tells the customer someone is on it
        if (!relay) tellWorkStarted(tx, store, current, agent, now);
        List<String> applied = new java.util.ArrayList<>(plan.applied());
        List<String> refused = new java.util.ArrayList<>(plan.refused());
        current = agentTools(tx, store, current, plan, a, text, applied, refused, now);
        if (!refused.isEmpty()) store.addEvent(ticket.id(), "command_refused", agent.address(), String.join("; ", refused), now);
        if (!parsed.commands().isEmpty()) mail.commandConfirmation(tx, current, agent, applied, refused);
        return new Outcome(relay ? Outcome.Action.RELAYED : Outcome.Action.APPENDED, ticket.id());
    }

    /**
     * Tells the customer, once per engineer, that work has started: when the ticket has an
     * assignee, or is IN_PROGRESS (then the agent who moved it is the one on it). Not for a
     * resolved or closed ticket, nor when the desk turned the notice off.
     */
    private void tellWorkStarted(DSLContext tx, TicketStore store, Ticket ticket, Address agent, Instant now) {
        if (!desk.policy().tellWorkStarted() || ticket.status() == Status.RESOLVED || ticket.status() == Status.CLOSED) return;
        String engineer = ticket.assignee() != null ? ticket.assignee() : ticket.status() == Status.IN_PROGRESS ? agent.address() : null;
        if (engineer == null || store.events(ticket.id()).stream().anyMatch(e -> e.kind().equals(WORK_STARTED) && engineer.equals(e.detail()))) {
            return;
        }
        String name = engineer.equals(agent.address()) ? agent.displayName() : store.lastNameOf(engineer).orElse(Address.of(engineer).displayName());
        mail.workStarted(tx, ticket, name);
        store.addEvent(ticket.id(), WORK_STARTED, agent.address(), engineer, now);
    }

    /**
     * The commands beyond fields and status ({@code #forward}, {@code #split}, {@code #snooze},
     * {@code #send}, {@code #discard}, {@code #merge}), in that order, each adding to what the
     * agent is told; returns the ticket as they leave it (a merge leaves the survivor).
     */
    private Ticket agentTools(DSLContext tx, TicketStore store, Ticket current, CommandPlan plan, Arrival a, String text,
                              List<String> applied, List<String> refused, Instant now) {
        Address agent = a.mail().from();
        TicketId id = current.id();
        for (CommandPlan.Forward f : plan.changes(CommandPlan.Forward.class)) {
            store.addSideParty(id, f.address(), agent.address(), now);
            TicketMessage last = f.withLast() ? store.messages(id).stream().filter(m -> m.inbound() && !m.internal())
                    .reduce((x, y) -> y).orElse(null) : null;
            mail.sideForward(tx, current, agent, postdesk.mail.Address.of(f.address()), text, last);
            store.addEvent(id, "forwarded", agent.address(), "to " + f.address() + " (side thread)"
                    + (f.withLast() ? " with the customer's last message and its files" : ""), now);
        }
        if (!plan.changes(CommandPlan.Split.class).isEmpty()) {
            split(tx, store, current, agent, text.isBlank() ? quotedCustomerText(a) : text, applied, refused, now);
        }
        for (CommandPlan.Snooze snooze : plan.changes(CommandPlan.Snooze.class)) {
            if (snooze.until() != null) new postdesk.store.TimerStore(tx).schedule(id, StatusChanges.SNOOZE, snooze.until(), now);
            store.addEvent(id, "snoozed", agent.address(), snooze.until() == null ? "until the customer writes"
                    : "until " + snooze.until() + " or the customer writes", now);
        }
        if (!plan.changes(CommandPlan.SendHeld.class).isEmpty()) current = sendHeld(tx, store, current, agent, applied, refused, now);
        if (!plan.changes(CommandPlan.DiscardHeld.class).isEmpty()) {
            if (store.settleHeld(id, agent.address(), "DISCARDED") > 0) {
                store.addEvent(id, "held_answer_discarded", agent.address(), "#discard", now);
                applied.add("your held answer was dropped");
            } else {
                refused.add("#discard: you have no answer held on this ticket");
            }
        }
        for (CommandPlan.Merge merge : plan.changes(CommandPlan.Merge.class)) current = merge(tx, store, current, merge.into(), agent, now);
        return current;
    }

    /**
     * The collision guard: the visible messages written since the notification the agent answers
     * (its reply address says how far the thread was), by the customer or another agent. Nothing
     * when the guard is off, or the answer came another way (no position to compare).
     */
    private List<TicketMessage> newerThanSeen(TicketStore store, Ticket ticket, Arrival a, Address agent) {
        if (!collisionGuard || a.route().via() != postdesk.threading.Route.Via.REPLY_TOKEN || a.route().seen() < 0) return List.of();
        return store.visibleAfter(ticket.id(), a.route().seen()).stream()
                .filter(m -> m.inbound() || !m.from().address().equals(agent.address())).toList();
    }

    /** {@code #send}: the agent's held answer goes out as it is, as if sent now. */
    private Ticket sendHeld(DSLContext tx, TicketStore store, Ticket ticket, Address agent, List<String> applied, List<String> refused,
                            Instant now) {
        Optional<TicketMessage> held = store.heldAnswer(ticket.id(), agent.address()).flatMap(row -> store.message(ticket.id(), row));
        if (held.isEmpty()) {
            refused.add("#send: you have no answer held on this ticket");
            return ticket;
        }
        store.settleHeld(ticket.id(), agent.address(), "SENT");
        store.release(held.get().id());
        mail.relayAgentReply(tx, ticket, agent, held.get().replyText());
        sla.responded(tx, ticket.id(), now);
        store.addEvent(ticket.id(), "agent_reply", agent.address(), "held answer sent as it was (#send), to " + ticket.requester().address(), now);
        applied.add("your held answer was sent as it was");
        return statusChanges.move(tx, ticket, StateMachine.agentReplied(ticket.status()).to(), agent.address(), "agent replied (#send)", now, false);
    }

    /**
     * A third party answers in a side thread: kept as an internal note, relayed to the assignee
     * (or the agents), never to the customer; nothing in it is a command and no status moves.
     */
    private Outcome sideReply(DSLContext tx, TicketStore store, Ticket ticket, Arrival a, Instant now) {
        storeMessage(store, ticket.id(), a, Audience.SIDE, true, true, a.reply().text(), now);
        store.addEvent(ticket.id(), "side_reply", a.mail().from().address(), "third party's reply (side thread): internal", now);
        mail.notifyAgents(tx, ticket, "Reply from " + a.mail().from().address() + " in the side thread (internal, not sent to the customer)",
                a.mail().from(), a.reply().text(), a.mail().attachments(), null);
        return new Outcome(Outcome.Action.APPENDED, ticket.id());
    }

    /** The customer's lines an agent quoted in their answer ("> " lines of the cut history, without the attribution). */
    private static String quotedCustomerText(Arrival a) {
        return a.reply().quoted().lines().filter(l -> l.stripLeading().startsWith(">"))
                .map(l -> l.replaceFirst("^\\s*>\\s?", "")).collect(Collectors.joining("\n")).strip();
    }

    /**
     * {@code #split}: {@code text} (the customer's second question) opens a new ticket of the same
     * requester, linked both ways; the customer is told its ID, the agents are notified.
     */
    private void split(DSLContext tx, TicketStore store, Ticket from, Address agent, String text, List<String> applied, List<String> refused,
                       Instant now) {
        if (text.isBlank()) {
            applied.removeIf(s -> s.startsWith("split:"));
            refused.add("#split: nothing to split off: write the customer's second question below #split, or quote it");
            return;
        }
        TicketId id = newId(store);
        String first = text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(from.subject());
        Ticket ticket = Ticket.open(id, first.length() > 80 ? first.substring(0, 79) + "…" : first, from.requester(), from.priority(),
                from.category(), from.plan(), from.premium(), from.id(), from.mailbox(), from.language(), now);
        store.insert(ticket);
        sla.opened(tx, ticket, now);
        store.addMessage(id, new TicketMessage(0, from.requester(), true, false, ticket.subject(), null, text, text, "", null, List.of(), now));
        store.addEvent(id, "created", agent.address(), "split from " + from.id().value() + " by " + agent.address(), now);
        store.addEvent(from.id(), "split", agent.address(), "into " + id.value(), now);
        mail.acknowledgeSplit(tx, ticket, from.id());
        mail.notifyAgents(tx, ticket, "New ticket (split from " + from.id().value() + " by " + agent.displayName() + ")", from.requester(), text,
                List.of(), agent.address());
        applied.removeIf(s -> s.startsWith("split:"));
        applied.add("split into " + id.value() + " (linked both ways; the customer was told its ID)");
    }

    /** Why {@code into} cannot take a merge, if it cannot. */
    private static Optional<String> mergeRefusal(TicketStore store, TicketId into) {
        Optional<Ticket> target = store.find(into);
        if (target.isEmpty()) return Optional.of("there is no ticket " + into.value());
        Optional<TicketId> merged = store.mergedInto(into);
        if (merged.isPresent()) return Optional.of(into.value() + " was itself merged into " + merged.get().value() + ": merge into that one");
        return Optional.empty();
    }

    /**
     * {@code #merge}: everything of {@code from} moves into {@code into}, whose customers are told
     * once in its own thread; {@code from} closes and keeps routing there. Returns the survivor.
     */
    private Ticket merge(DSLContext tx, TicketStore store, Ticket from, TicketId into, Address agent, Instant now) {
        new postdesk.store.TimerStore(tx).cancelStartingWith(from.id(), "");
        sla.statusChanged(tx, from.id(), Status.CLOSED, now);
        store.addEvent(from.id(), "merged", agent.address(), "merged into " + into.value(), now);
        store.merge(from.id(), into, now);
        Ticket survivor = store.find(into).orElseThrow();
        store.addEvent(into, "merged_in", agent.address(), from.id().value() + " (\"" + from.subject() + "\") merged into this ticket", now);
        if (survivor.status() == Status.CLOSED || survivor.status() == Status.RESOLVED) {
            survivor = statusChanges.move(tx, survivor, Status.OPEN, agent.address(), "a ticket was merged into it", now, false);
        }
        mail.mergeNotice(tx, survivor, from);
        return survivor;
    }

    /**
     * Those the requester copied follow the ticket (replies reach them, they may write into it)
     * when they belong to the requester's organisation: the same organisation in the customer
     * directory, or, for senders not in it, the same mail domain unless it is a public one
     * (gmail.com, outlook.com, …). At most {@code participants.max} join, so a long Cc line is not
     * amplified. Anyone else copied saw the first mail but is not let into the ticket; the audit
     * trail names them. Agents and Postdesk itself are never participants.
     */
    private void addParticipants(DSLContext tx, TicketStore store, TicketId id, ParsedMail m, Instant now) {
        CustomerStore customers = new CustomerStore(tx);
        Optional<String> requesterOrganisation = customers.organisationOf(m.from().address());
        List<String> outsiders = new java.util.ArrayList<>();
        List<String> overCap = new java.util.ArrayList<>();
        int joined = 0;
        for (Address p : Stream.concat(m.to().stream(), m.cc().stream())
                .filter(p -> p.isDeliverable() && !p.address().equals(m.from().address())
                        && !desk.isOwnAddress(p.address()) && !desk.isAgent(p.address()))
                .distinct().toList()) {
            if (requesterOrganisation.isEmpty() || !requesterOrganisation.equals(customers.organisationOf(p.address()))) {
                outsiders.add(p.address());
            } else if (joined < guards.participantsMax()) {
                store.addParticipant(id, p);
                joined++;
            } else {
                overCap.add(p.address());
            }
        }
        if (!outsiders.isEmpty()) {
            store.addEvent(id, "not_participants", m.from().address(),
                    "copied but outside the requester's organisation: " + String.join(", ", outsiders), now);
        }
        if (!overCap.isEmpty()) {
            store.addEvent(id, "not_participants", m.from().address(), "copied but over the " + guards.participantsMax()
                    + " participants a ticket takes: " + String.join(", ", overCap), now);
        }
    }

    /** Priority, assignee, category and type from the commands, each on the audit trail; returns a new assignee, if any. */
    private String applyFields(DSLContext tx, TicketStore store, Ticket ticket, CommandPlan plan, Address agent, Instant now) {
        String assigned = null;
        for (CommandPlan.Change change : plan.changes()) {
            String actor = agent.address();
            if (change instanceof CommandPlan.SetPriority p) {
                store.setPriority(ticket.id(), p.to(), now);
                sla.priorityChanged(tx, ticket, p.to(), now);
                store.addEvent(ticket.id(), "priority", actor, ticket.priority() + " -> " + p.to(), now);
            } else if (change instanceof CommandPlan.Assign as) {
                store.setAssignee(ticket.id(), as.agent(), now);
                store.addEvent(ticket.id(), "assigned", actor, "to " + as.agent(), now);
                assigned = as.agent();
            } else if (change instanceof CommandPlan.SetCategory c) {
                store.setCategory(ticket.id(), c.to(), now);
                store.addEvent(ticket.id(), "category", actor, c.to(), now);
            } else if (change instanceof CommandPlan.SetType t) {
                store.setType(ticket.id(), t.to(), now);
                store.addEvent(ticket.id(), "type", actor, t.to(), now);
            }
        }
        return assigned;
    }

    private void append(TicketStore store, Ticket ticket, Arrival a, Audience audience, Instant now) {
        storeMessage(store, ticket.id(), a, audience, true, false, a.reply().text(), now);
    }

    /** Attachments refused for a limit: a note on the ticket, and (for human mail) a line to the sender. */
    private void reportDropped(DSLContext tx, TicketStore store, TicketId ticket, Arrival a, Instant now) {
        List<AttachmentInfo> dropped = a.mail().attachments().stream().filter(AttachmentInfo::isDropped).toList();
        if (dropped.isEmpty()) return;
        store.addEvent(ticket, "attachments_dropped", a.mail().from().address(), dropped.stream()
                .map(d -> d.filename() + " (" + d.dropped() + ")").collect(java.util.stream.Collectors.joining(", ")), now);
        if (a.kind() == MailKind.HUMAN) {
            mail.attachmentsDropped(tx, store.find(ticket).orElseThrow(), a.mail().from(), dropped);
        }
    }

    /** Returns the message's row id. */
    private long storeMessage(TicketStore store, TicketId ticket, Arrival a, Audience audience, boolean inbound,
                              boolean internal, String shownText, Instant now) {
        ParsedMail m = a.mail();
        long row = store.addMessage(ticket, new TicketMessage(0, m.from(), inbound, internal, m.subject(), m.messageId(),
                m.text(), shownText, a.reply().quoted(),
                m.html() == null ? null : HtmlText.sanitise(m.html()), m.attachments(), now));
        store.addThreadRef(m.messageId(), ticket, audience);
        store.touch(ticket, now);
        return row;
    }

    private TicketId newId(TicketStore store) {
        // 31^9 IDs: a collision is rare enough that one re-draw is practically always enough
        TicketId id;
        do {
            id = TicketId.random(random);
        } while (store.exists(id));
        return id;
    }
}
