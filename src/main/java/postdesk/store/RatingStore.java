package postdesk.store;

import static postdesk.store.Columns.fit;
import static postdesk.store.schema.Tables.RATING;
import static postdesk.store.schema.Tables.TICKET_EVENT;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import postdesk.ticket.Ticket;
import postdesk.ticket.TicketId;

/** Satisfaction ratings, one per ticket, and their averages per agent and per category. */
public final class RatingStore {
    /** The label of ratings of tickets nobody was assigned to, or of no category. */
    private static final String NONE = "(none)";
    private final DSLContext db;

    public RatingStore(DSLContext db) {
        this.db = db;
    }

    /** A ticket's rating; {@code comment} empty when none was given. */
    public record Rating(int score, String comment, String via, Instant ratedAt) {
    }

    /** Ratings of one agent or category: how many, and their average score. */
    public record Score(String label, int count, double average) {
    }

    /**
     * Records {@code score} for {@code ticket}, with the ticket's assignee and category; a
     * {@code comment} of null keeps the one given before. Returns the score it replaced, if any.
     */
    public Optional<Integer> rate(Ticket ticket, int score, String comment, String via, Instant now) {
        Optional<Integer> before = find(ticket.id()).map(Rating::score);
        int inserted = db.insertInto(RATING)
                .set(RATING.TICKET_ID, ticket.id().value())
                .set(RATING.SCORE, score)
                .set(RATING.COMMENT_TEXT, fit(RATING.COMMENT_TEXT, comment))
                .set(RATING.AGENT, ticket.assignee())
                .set(RATING.CATEGORY, ticket.category())
                .set(RATING.VIA, via)
                .set(RATING.RATED_AT, now)
                .onConflictDoNothing().execute();
        if (inserted == 0) {
            // a rating given twice at once (two clicks) lands as one row either way
            var update = db.update(RATING).set(RATING.SCORE, score).set(RATING.VIA, via).set(RATING.RATED_AT, now);
            if (comment != null) update = update.set(RATING.COMMENT_TEXT, fit(RATING.COMMENT_TEXT, comment));
            update.where(RATING.TICKET_ID.eq(ticket.id().value())).execute();
        }
        if (inserted == 1) return Optional.empty();
        return before.or(() -> Optional.of(score)); // the other click's score is unknown here; it was this one's twin
    }

    public Optional<Rating> find(TicketId ticket) {
        return db.selectFrom(RATING).where(RATING.TICKET_ID.eq(ticket.value())).fetchOptional(r -> new Rating(r.getScore(),
                r.getCommentText() == null ? "" : r.getCommentText(), r.getVia(), r.getRatedAt()));
    }

    public List<Score> byAgent() {
        return scores(RATING.AGENT);
    }

    public List<Score> byCategory() {
        return scores(RATING.CATEGORY);
    }

    /** All ratings together (label empty). */
    public Score overall() {
        var r = db.select(DSL.count(), DSL.avg(RATING.SCORE)).from(RATING).fetchOne();
        return new Score("", r.value1(), r.value2() == null ? 0 : r.value2().doubleValue());
    }

    private List<Score> scores(Field<String> by) {
        return db.select(by, DSL.count(), DSL.avg(RATING.SCORE)).from(RATING).groupBy(by).orderBy(by)
                .fetch(r -> new Score(r.value1() == null ? NONE : r.value1(), r.value2(), r.value3().doubleValue()));
    }

    /** When the ticket last became CLOSED (its audit trail says), if it did. */
    public Optional<Instant> closedAt(TicketId ticket) {
        return Optional.ofNullable(db.select(DSL.max(TICKET_EVENT.CREATED_AT)).from(TICKET_EVENT)
                .where(TICKET_EVENT.TICKET_ID.eq(ticket.value()), TICKET_EVENT.KIND.eq("status"), TICKET_EVENT.DETAIL.like("% -> CLOSED %"))
                .fetchOne().value1());
    }
}
