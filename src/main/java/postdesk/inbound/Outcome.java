package postdesk.inbound;

import postdesk.ticket.TicketId;

/** What the pipeline did with a mail; {@code ticket} is null when no ticket was touched. */
public record Outcome(Action action, TicketId ticket) {
    public enum Action {
        /** A new ticket was opened. */
        CREATED,
        /** A new ticket was opened, linked to the (closed or foreign) ticket the mail referred to. */
        FOLLOW_UP,
        /** Added to an existing ticket. */
        APPENDED,
        /** An agent's reply, relayed to the customer. */
        RELAYED,
        /** A customer asked for the list of their open tickets (subject "status"); it was sent. */
        STATUS_SENT,
        /** Postdesk's own mail coming back: recorded, not processed. */
        IGNORED,
        /** Already processed earlier. */
        DUPLICATE,
        /** Could not be processed; kept raw for replay. */
        QUARANTINED
    }

    public String ticketValue() {
        return ticket == null ? null : ticket.value();
    }
}
