package postdesk.timers;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jooq.DSLContext;

import postdesk.config.Durations;
import postdesk.config.Lifecycle;
import postdesk.mail.Address;
import postdesk.outbound.TicketMail;
import postdesk.sla.SlaChanges;
import postdesk.store.TicketStore;
import postdesk.store.TimerStore;
import postdesk.ticket.StateMachine;
import postdesk.ticket.Status;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketId;
import postdesk.ticket.TicketMessage;
import postdesk.ticket.Transition;

/**
 * Everything a status change implies, in the caller's transaction: the audit line, the timers
 * (auto-close while waiting for the customer, close after {@code resolved.close.after} when
 * resolved), the SLA clocks and the customer's notice. Timers are database rows; firing one claims it in the
 * same transaction as its effect.
 */
public final class StatusChanges {
    static final String REMINDER = "AUTOCLOSE_REMINDER";
    static final String AUTOCLOSE = "AUTOCLOSE";
    static final String RESOLVED_CLOSE = "RESOLVED_CLOSE";
    /** A snoozed ticket comes back to the queue. */
    public static final String SNOOZE = "SNOOZE";
    /** An answer held by {@code #sendat}: the kind is this prefix and the held message's row id. */
    public static final String SEND_AT = "SENDAT:";

    private final Lifecycle lifecycle;
    private final TicketMail mail;
    private final SlaChanges sla;

    public StatusChanges(Lifecycle lifecycle, TicketMail mail, SlaChanges sla) {
        this.lifecycle = lifecycle;
        this.mail = mail;
        this.sla = sla;
    }

    /**
     * Moves {@code ticket} to {@code to}. The customer is told when the ticket is resolved, closed
     * or reopened, unless {@code tellCustomer} is false (the caller sends its own mail).
     */
    public Ticket move(DSLContext tx, Ticket ticket, Status to, String actor, String reason, Instant now, boolean tellCustomer) {
        TicketStore store = new TicketStore(tx);
        if (to == ticket.status()) return ticket;
        store.setStatus(ticket.id(), to, now);
        store.addEvent(ticket.id(), "status", actor, ticket.status() + " -> " + to + " (" + reason + ")", now);
        TimerStore timers = new TimerStore(tx);
        if (ticket.status() == Status.AWAITING_CUSTOMER) timers.cancel(ticket.id(), List.of(REMINDER, AUTOCLOSE));
        if (ticket.status() == Status.RESOLVED) timers.cancel(ticket.id(), List.of(RESOLVED_CLOSE));
        if (ticket.status() == Status.ON_HOLD) timers.cancel(ticket.id(), List.of(SNOOZE));
        if (to == Status.AWAITING_CUSTOMER) startAutoClose(timers, ticket.id(), now);
        if (to == Status.RESOLVED) timers.schedule(ticket.id(), RESOLVED_CLOSE, now.plus(lifecycle.resolvedCloseAfter()), now);
        sla.statusChanged(tx, ticket.id(), to, now);
        Ticket moved = store.find(ticket.id()).orElseThrow();
        if (tellCustomer && (to == Status.RESOLVED || to == Status.CLOSED || ticket.status() == Status.RESOLVED && to == Status.OPEN)) {
            mail.statusNotice(tx, moved, ticket.status());
        }
        return moved;
    }

    /** An agent answered a ticket that already waits for the customer: the auto-close clock starts again. */
    public void restartAutoClose(DSLContext tx, TicketId ticket, Instant now) {
        TimerStore timers = new TimerStore(tx);
        timers.cancel(ticket, List.of(REMINDER, AUTOCLOSE));
        startAutoClose(timers, ticket, now);
    }

    private void startAutoClose(TimerStore timers, TicketId ticket, Instant now) {
        Instant closeAt = now.plus(lifecycle.autocloseAfter());
        timers.schedule(ticket, REMINDER, closeAt.minus(lifecycle.autocloseReminderBefore()), now);
        timers.schedule(ticket, AUTOCLOSE, closeAt, now);
    }

    /** Applies a claimed timer; a ticket that moved on meanwhile is left alone. */
    public void fire(DSLContext tx, TimerStore.DueTimer timer, Instant now) {
        TicketStore store = new TicketStore(tx);
        Ticket ticket = store.find(timer.ticket()).orElse(null);
        if (ticket == null) return;
        if (timer.kind().startsWith(SEND_AT)) {
            sendHeld(tx, ticket, Long.parseLong(timer.kind().substring(SEND_AT.length())), now);
            return;
        }
        switch (timer.kind()) {
            case REMINDER -> {
                if (ticket.status() != Status.AWAITING_CUSTOMER) return;
                if (mail.autocloseReminder(tx, ticket)) store.addEvent(ticket.id(), "reminder_sent", "postdesk", "auto-close reminder to " + ticket.requester().address(), now);
            }
            case AUTOCLOSE -> {
                Transition t = StateMachine.awaitingTimedOut(ticket.status());
                if (t.isRefused()) return;
                Ticket closed = move(tx, ticket, t.to(), "postdesk", "no answer for " + Durations.format(lifecycle.autocloseAfter()), now, false);
                mail.autocloseNotice(tx, closed);
            }
            case RESOLVED_CLOSE -> {
                Transition t = StateMachine.resolvedTimedOut(ticket.status());
                // the resolved notice said it would close; the close itself is told only to ask for a rating
                if (!t.isRefused()) move(tx, ticket, t.to(), "postdesk", "resolved for " + Durations.format(lifecycle.resolvedCloseAfter()), now,
                        mail.asksForRating());
            }
            case SNOOZE -> {
                if (ticket.status() != Status.ON_HOLD) return;
                Ticket woken = move(tx, ticket, Status.OPEN, "postdesk", "snooze ended", now, false);
                mail.notifyAgents(tx, woken, "Snooze ended: back in the queue", woken.requester(), "", List.of(), null);
            }
            default -> throw new IllegalStateException("unknown timer kind " + timer.kind());
        }
    }

    /** An answer held by {@code #sendat} goes out now, as if the agent had sent it now. */
    private void sendHeld(DSLContext tx, Ticket ticket, long messageId, Instant now) {
        TicketStore store = new TicketStore(tx);
        Optional<TicketMessage> held = store.message(ticket.id(), messageId).filter(TicketMessage::internal);
        if (held.isEmpty()) return;
        Address agent = held.get().from();
        store.release(messageId);
        mail.relayAgentReply(tx, ticket, agent, held.get().replyText());
        sla.responded(tx, ticket.id(), now);
        store.addEvent(ticket.id(), "agent_reply", agent.address(), "held answer sent as asked (#sendat), to " + ticket.requester().address(), now);
        move(tx, ticket, StateMachine.agentReplied(ticket.status()).to(), agent.address(), "agent replied (#sendat)", now, false);
    }

    /**
     * The customer wrote: answers held by {@code #sendat} are not sent (they answer an older
     * state), and their agents are told. Returns how many were held.
     */
    public int cancelHeld(DSLContext tx, Ticket ticket, Instant now) {
        TicketStore store = new TicketStore(tx);
        List<String> kinds = new TimerStore(tx).cancelStartingWith(ticket.id(), SEND_AT);
        for (String kind : kinds) {
            long id = Long.parseLong(kind.substring(SEND_AT.length()));
            Optional<TicketMessage> held = store.message(ticket.id(), id);
            if (held.isEmpty()) continue;
            Address agent = held.get().from();
            store.addEvent(ticket.id(), "held_answer_cancelled", agent.address(), "the customer wrote before the #sendat time", now);
            mail.commandConfirmation(tx, ticket, agent, List.of(), List.of("your answer held by #sendat was NOT sent: the customer wrote"
                    + " first (their mail is in the notification); answer again"));
        }
        return kinds.size();
    }
}
