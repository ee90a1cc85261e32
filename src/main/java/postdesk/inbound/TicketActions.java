package postdesk.inbound;

import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

import org.jooq.DSLContext;

import postdesk.config.PostdeskConfig;
import postdesk.mail.Address;
import postdesk.mail.AttachmentInfo;
import postdesk.mail.Audience;
import postdesk.outbound.TicketMail;
import postdesk.store.TicketStore;
import postdesk.ticket.Lifecycle;
import postdesk.ticket.Status;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketId;
import postdesk.ticket.TicketMessage;
import postdesk.timers.AutoClose;

/**
 * Pipeline step "apply": turns an {@link Arrival} into ticket changes and queued mail, inside the
 * caller's transaction. Only human mail is ever answered; machine mail is stored and changes nothing.
 */
public final class TicketActions {
    private final PostdeskConfig config;
    private final TicketMail mail;
    private final AutoClose autoClose;
    private final RandomGenerator random;

    public TicketActions(PostdeskConfig config, TicketMail mail, AutoClose autoClose, RandomGenerator random) {
        this.config = config;
        this.mail = mail;
        this.autoClose = autoClose;
        this.random = random;
    }

    public Outcome apply(DSLContext tx, Arrival a, Instant now) {
        Outcome outcome = decide(tx, a, now);
        if (outcome.ticket() != null) reportDropped(tx, new TicketStore(tx), outcome.ticket(), a, now);
        return outcome;
    }

    private Outcome decide(DSLContext tx, Arrival a, Instant now) {
        if (a.role() == Role.SELF) return new Outcome(Outcome.Action.IGNORED, null);
        TicketStore store = new TicketStore(tx);
        Ticket ticket = a.route().ticket();
        if (ticket == null) return open(tx, store, a, null, now);

        boolean human = a.kind() == MailKind.HUMAN;
        if (!human) {
            // machine mail (a bounce from a mailer daemon, an out-of-office from an alias) joins the
            // ticket it belongs to whoever sent it: it is shown to agents only and answered never
            append(store, ticket, a, a.role() == Role.AGENT ? Audience.AGENT : Audience.CUSTOMER, now);
            String detail = a.kind().label() + " stored, nothing answered";
            if (a.read().bounce() != null) {
                detail += "; failed: " + a.read().bounce().recipients().stream()
                        .map(r -> r.address() + " " + (r.status() == null ? "?" : r.status()))
                        .collect(java.util.stream.Collectors.joining(", "));
            }
            store.addEvent(ticket.id(), "machine_mail", a.mail().from().address(), detail, now);
            return new Outcome(Outcome.Action.APPENDED, ticket.id());
        }
        if (a.role() == Role.STRANGER) {
            // knowing a ticket's ID is no key to it: a stranger's mail starts its own ticket
            return open(tx, store, a, ticket.id(), now);
        }
        if (a.role() == Role.AGENT) return agentReply(tx, store, ticket, a, now);
        if (!Lifecycle.acceptsReplies(ticket.status())) return open(tx, store, a, ticket.id(), now);
        return customerReply(tx, store, ticket, a, now);
    }

    private Outcome open(DSLContext tx, TicketStore store, Arrival a, TicketId linkedTo, Instant now) {
        TicketId id = newId(store);
        Address requester = a.mail().from();
        Ticket ticket = Ticket.open(id, a.mail().subject(), requester, linkedTo, now);
        store.insert(ticket);
        if (a.role() != Role.STRANGER) {
            // those the customer copied may follow the ticket; agents and Postdesk itself are not participants
            Stream.concat(a.mail().to().stream(), a.mail().cc().stream())
                    .filter(p -> p.isDeliverable() && !p.address().equals(requester.address())
                            && !p.address().equals(config.address()) && !config.isAgent(p.address()))
                    .forEach(p -> store.addParticipant(id, p));
        }
        append(store, ticket, a, Audience.CUSTOMER, now);
        store.addEvent(id, "created", requester.address(), linkedTo == null ? "from mail" : "follows up " + linkedTo.value(), now);
        if (linkedTo != null) {
            store.addEvent(linkedTo, "followed_up", requester.address(), "by " + id.value(), now);
        }
        if (a.kind() == MailKind.HUMAN) {
            mail.acknowledge(tx, ticket, linkedTo);
            mail.notifyAgents(tx, ticket, linkedTo == null ? "New ticket" : "New ticket (follow-up)", requester,
                    a.reply().text(), a.mail().attachments(), null);
        }
        return new Outcome(linkedTo == null ? Outcome.Action.CREATED : Outcome.Action.FOLLOW_UP, id);
    }

    private Outcome customerReply(DSLContext tx, TicketStore store, Ticket ticket, Arrival a, Instant now) {
        append(store, ticket, a, Audience.CUSTOMER, now);
        Status next = Lifecycle.afterCustomerReply(ticket.status());
        store.setStatus(ticket.id(), next, now);
        if (next != ticket.status()) {
            store.addEvent(ticket.id(), "status", a.mail().from().address(), ticket.status() + " -> " + next + " (customer replied)", now);
        }
        autoClose.stop(tx, ticket.id());
        Ticket updated = store.find(ticket.id()).orElseThrow();
        mail.notifyAgents(tx, updated, "Customer reply", a.mail().from(), a.reply().text(), a.mail().attachments(), null);
        return new Outcome(Outcome.Action.APPENDED, ticket.id());
    }

    private Outcome agentReply(DSLContext tx, TicketStore store, Ticket ticket, Arrival a, Instant now) {
        Address agent = a.mail().from();
        String text = a.reply().text();
        if (text.isBlank()) {
            // nothing new to tell the customer: keep it with the ticket, send nothing
            storeMessage(store, ticket.id(), a, Audience.AGENT, false, true, now);
            store.addEvent(ticket.id(), "empty_reply", agent.address(), "agent reply without new text was not relayed", now);
            return new Outcome(Outcome.Action.APPENDED, ticket.id());
        }
        storeMessage(store, ticket.id(), a, Audience.AGENT, false, false, now);
        mail.relayAgentReply(tx, ticket, agent, text);
        Status next = Lifecycle.afterAgentReply(ticket.status());
        store.setStatus(ticket.id(), next, now);
        if (next != ticket.status()) {
            store.addEvent(ticket.id(), "status", agent.address(), ticket.status() + " -> " + next + " (agent replied)", now);
        }
        store.addEvent(ticket.id(), "agent_reply", agent.address(), "relayed to " + ticket.requester().address(), now);
        autoClose.start(tx, ticket.id(), now);
        return new Outcome(Outcome.Action.RELAYED, ticket.id());
    }

    private void append(TicketStore store, Ticket ticket, Arrival a, Audience audience, Instant now) {
        storeMessage(store, ticket.id(), a, audience, true, false, now);
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

    private void storeMessage(TicketStore store, TicketId ticket, Arrival a, Audience audience, boolean inbound,
                              boolean internal, Instant now) {
        ParsedMail m = a.mail();
        store.addMessage(ticket, new TicketMessage(0, m.from(), inbound, internal, m.subject(), m.messageId(),
                m.text(), a.reply().text(), a.reply().quoted(),
                m.html() == null ? null : HtmlText.sanitise(m.html()), m.attachments(), now));
        store.addThreadRef(m.messageId(), ticket, audience);
        store.touch(ticket, now);
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
