package postdesk.ticket;

import java.time.Instant;

import postdesk.mail.Address;

/** A ticket as the core sees it. {@code linkedTo} is the closed ticket this one follows up, if any. */
public record Ticket(
        TicketId id,
        String subject,
        Address requester,
        Status status,
        Priority priority,
        String category,
        String type,
        String assignee,
        boolean premium,
        TicketId linkedTo,
        Instant created,
        Instant updated) {

    /** A fresh ticket as a customer's first mail opens it. */
    public static Ticket open(TicketId id, String subject, Address requester, Priority priority, String category,
                              TicketId linkedTo, Instant now) {
        return new Ticket(id, Subjects.forTicket(subject), requester, Status.OPEN, priority,
                category, null, null, false, linkedTo, now, now);
    }
}
