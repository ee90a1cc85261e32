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
        /** New mail from a customer whose plan is served in the forum: pointed there, no ticket opened. */
        FORUM_POINTER,
        /** About no ticket and not answered (a status request over a rate limit, or from a forged sender); in the log. */
        NOT_ANSWERED,
        /** Postdesk's own mail coming back: recorded, not processed. */
        IGNORED,
        /** Machine mail with no sender address that belongs to no ticket: recorded and logged, filed nowhere. */
        UNFILED,
        /** Already processed earlier. */
        DUPLICATE,
        /** Quarantined earlier and still waiting for a replay: it goes back to the quarantine folder. */
        QUARANTINED_BEFORE,
        /** Could not be processed; kept raw for replay. */
        QUARANTINED
    }

    /** A mail seen before: only moved again, to where its first copy went. */
    public static Outcome duplicate(postdesk.store.MailLog.Seen seen) {
        return new Outcome(seen == postdesk.store.MailLog.Seen.QUARANTINED ? Action.QUARANTINED_BEFORE : Action.DUPLICATE, null);
    }

    /** Whether the mail goes to the quarantine folder rather than the processed one. */
    public boolean toQuarantine() {
        return action == Action.QUARANTINED || action == Action.QUARANTINED_BEFORE;
    }

    public String ticketValue() {
        return ticket == null ? null : ticket.value();
    }
}
