package postdesk.rating;

import java.time.Instant;
import java.util.Optional;

import org.jooq.DSLContext;

import postdesk.config.RatingSettings;
import postdesk.store.RatingStore;
import postdesk.store.TicketStore;
import postdesk.ticket.Status;
import postdesk.ticket.Ticket;

/** Records a ticket's one satisfaction rating, by link or by reply, with its line on the audit trail. */
public final class Ratings {
    /** A comment is cut to this many characters. */
    public static final int COMMENT_MAX = 2000;
    /** How a rating came: a click on a link in the closing mail, or a reply to it. */
    public static final String VIA_LINK = "link";
    public static final String VIA_REPLY = "reply";
    private final RatingSettings settings;

    public Ratings(RatingSettings settings) {
        this.settings = settings;
    }

    /** Whether a reply to {@code ticket} now may rate it: ratings on, the ticket closed, and closed less than {@code rating.expiry} ago. */
    public boolean replyOpen(DSLContext tx, Ticket ticket, Instant now) {
        if (!settings.on() || ticket == null || ticket.status() != Status.CLOSED) return false;
        return new RatingStore(tx).closedAt(ticket.id()).map(at -> now.isBefore(at.plus(settings.expiry()))).orElse(false);
    }

    /**
     * Stores {@code score} (and {@code comment}, null: keep the one given before) for {@code ticket}.
     * Returns the score it replaced; empty for the ticket's first rating.
     */
    public Optional<Integer> record(DSLContext tx, Ticket ticket, int score, String comment, String via, String actor, Instant now) {
        String kept = comment == null ? null : cut(comment.strip());
        Optional<Integer> before = new RatingStore(tx).rate(ticket, score, kept, via, now);
        new TicketStore(tx).addEvent(ticket.id(), "rated", actor, score + " of 5 by " + via
                + before.map(b -> " (replaces " + b + ")").orElse("") + (kept == null || kept.isEmpty() ? "" : ", with a comment"), now);
        return before;
    }

    private static String cut(String comment) {
        return comment.length() <= COMMENT_MAX ? comment : comment.substring(0, COMMENT_MAX - 1) + "…";
    }
}
