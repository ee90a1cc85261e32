package postdesk.ticket;

import java.time.Instant;

/** One line of a ticket's audit trail. */
public record TicketEvent(String kind, String actor, String detail, Instant created) {
}
