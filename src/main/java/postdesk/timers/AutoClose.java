package postdesk.timers;

import java.time.Instant;
import java.util.List;

import org.jooq.DSLContext;

import postdesk.config.PostdeskConfig;
import postdesk.outbound.TicketMail;
import postdesk.store.TicketStore;
import postdesk.store.TimerStore;
import postdesk.ticket.Lifecycle;
import postdesk.ticket.Status;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketId;

/**
 * Auto-close of tickets that wait for the customer: an agent's reply starts the clock (a reminder
 * {@code autoclose.reminder.before} ahead, then the close at {@code autoclose.after}); a customer
 * reply stops it. Timers are database rows; firing happens in the transaction the caller gives.
 */
public final class AutoClose {
    static final String REMINDER = "AUTOCLOSE_REMINDER";
    static final String CLOSE = "AUTOCLOSE";
    private static final List<String> KINDS = List.of(REMINDER, CLOSE);

    private final PostdeskConfig config;
    private final TicketMail mail;

    public AutoClose(PostdeskConfig config, TicketMail mail) {
        this.config = config;
        this.mail = mail;
    }

    /** (Re)starts the clock from now. */
    public void start(DSLContext tx, TicketId ticket, Instant now) {
        TimerStore timers = new TimerStore(tx);
        timers.cancel(ticket, KINDS);
        Instant closeAt = now.plus(config.autocloseAfter());
        timers.schedule(ticket, REMINDER, closeAt.minus(config.autocloseReminderBefore()), now);
        timers.schedule(ticket, CLOSE, closeAt, now);
    }

    public void stop(DSLContext tx, TicketId ticket) {
        new TimerStore(tx).cancel(ticket, KINDS);
    }

    /** Applies a claimed timer. A ticket that stopped waiting for the customer is left alone. */
    public void fire(DSLContext tx, TimerStore.DueTimer timer, Instant now) {
        TicketStore store = new TicketStore(tx);
        Ticket ticket = store.find(timer.ticket()).orElse(null);
        if (ticket == null || !Lifecycle.closesOnTimeout(ticket.status())) return;
        if (timer.kind().equals(REMINDER)) {
            mail.autocloseReminder(tx, ticket);
            store.addEvent(ticket.id(), "reminder_sent", "postdesk", "auto-close reminder to " + ticket.requester().address(), now);
        } else if (timer.kind().equals(CLOSE)) {
            store.setStatus(ticket.id(), Status.CLOSED, now);
            store.addEvent(ticket.id(), "status", "postdesk", ticket.status() + " -> CLOSED (no answer for "
                    + postdesk.config.Durations.format(config.autocloseAfter()) + ")", now);
            mail.autocloseNotice(tx, ticket);
        }
    }
}
