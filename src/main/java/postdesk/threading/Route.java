package postdesk.threading;

import postdesk.ticket.Ticket;

/** The ticket a mail belongs to, if any, and how it was found. */
public record Route(Ticket ticket, Via via, long seen) {
    public enum Via { REPLY_TOKEN, REFERENCES, SUBJECT, NONE }

    public static final Route NONE = new Route(null, Via.NONE);

    /** {@code seen}: through a reply address, the thread position the agent's notification showed; else unknown (-1). */
    public Route(Ticket ticket, Via via) {
        this(ticket, via, -1);
    }

    public boolean found() {
        return ticket != null;
    }
}
