package postdesk.ticket;

import java.time.Instant;

import postdesk.mail.Address;

/**
 * A ticket as the core sees it. {@code linkedTo} is the closed ticket this one follows up, if any;
 * {@code mailbox} names the mailbox its mail goes out from (null: the first one); {@code language}
 * is the one its customer is written to in (null: the default).
 */
public record Ticket(
        TicketId id,
        String subject,
        Address requester,
        Status status,
        Priority priority,
        String category,
        String type,
        String assignee,
        String plan,
        boolean premium,
        TicketId linkedTo,
        Instant created,
        Instant updated,
        String mailbox,
        String language) {

    /** A fresh ticket as a customer's first mail (to {@code mailbox}) opens it. */
    public static Ticket open(TicketId id, String subject, Address requester, Priority priority, String category, String plan,
                              boolean premium, TicketId linkedTo, String mailbox, String language, Instant now) {
        return new Ticket(id, Subjects.forTicket(subject), requester, Status.OPEN, priority,
                category, null, null, plan, premium, linkedTo, now, now, mailbox, language);
    }
}
