package postdesk.threading;

import postdesk.ticket.Ticket;

/** The ticket a mail belongs to, if any, and how it was found. */
public record Route(Ticket ticket, Via via) {
    public enum Via { REPLY_TOKEN, REFERENCES, SUBJECT, NONE }

    public static final Route NONE = new Route(null, Via.NONE);

    public boolean found() {
        return ticket != null;
    }
}
