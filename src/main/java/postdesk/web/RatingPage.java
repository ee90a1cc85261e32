package postdesk.web;

import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

import postdesk.rating.RatingTokens;
import postdesk.rating.Ratings;
import postdesk.store.Database;
import postdesk.store.RatingStore;
import postdesk.store.TicketStore;
import postdesk.ticket.Ticket;

/**
 * {@code /rate/TOKEN}, the one-click rating links of the closing mail: GET records the link's score
 * and shows a thank-you page with a comment form, POST (form-encoded {@code comment}) records the
 * score with the comment. The signed token is the whole authorisation, so these pages need no
 * bearer token. A bad, expired or orphaned link stores nothing and says why.
 */
public final class RatingPage {
    static final String PREFIX = "/rate/";
    private final Database db;
    private final RatingTokens tokens;
    private final Ratings ratings;
    private final Clock clock;
    private final Template page = Mustache.compiler().escapeHTML(true).defaultValue("")
            .compile(new StringReader(Routes.resource("/web/rating.mustache")));

    public RatingPage(Database db, RatingTokens tokens, Ratings ratings, Clock clock) {
        this.db = db;
        this.tokens = tokens;
        this.ratings = ratings;
        this.clock = clock;
    }

    static boolean matches(String path) {
        return path.startsWith(PREFIX) && path.indexOf('/', PREFIX.length()) < 0;
    }

    /**
     * {@code comment}: the form's field on a POST, null on a GET. {@code store} false (a HEAD, as
     * link checkers send) only checks the link.
     */
    Response serve(String path, String comment, boolean store) {
        String token = path.substring(PREFIX.length());
        Optional<RatingTokens.Link> read = tokens.read(token);
        if (read.isEmpty()) {
            return problem(400, "This rating link is not valid", "The link is incomplete or was changed. Please use the link exactly as it came in our mail.");
        }
        RatingTokens.Link link = read.get();
        Instant now = clock.instant();
        if (link.expired(now)) {
            return problem(410, "This rating link has expired", "Ratings are taken for a while after a ticket closes, and that time is over. Thank you all the same.");
        }
        Optional<Ticket> ticket = new TicketStore(db.dsl()).find(link.ticket());
        if (ticket.isEmpty()) return problem(404, "No such ticket", "The ticket this link rates is not known here.");
        Map<String, Object> v = new HashMap<>();
        v.put("title", "Thank you for your rating");
        v.put("ticket", link.ticket().value());
        v.put("score", link.score());
        v.put("stars", "★".repeat(link.score()));
        v.put("action", PREFIX + token);
        v.put("comment_max", Ratings.COMMENT_MAX);
        if (store) {
            Optional<Integer> before = db.transaction(tx -> ratings.record(tx, ticket.get(), link.score(), comment, Ratings.VIA_LINK,
                    "rating link", now));
            if (comment == null) before.ifPresent(b -> v.put("replaced", b));
            v.put("comment_saved", comment != null);
        }
        v.put("comment", new RatingStore(db.dsl()).find(link.ticket()).map(RatingStore.Rating::comment).orElse(""));
        return Response.html(200, page.execute(v));
    }

    private Response problem(int status, String title, String why) {
        return Response.html(status, page.execute(Map.of("title", title, "ticket", "Postdesk", "problem", why)));
    }
}
