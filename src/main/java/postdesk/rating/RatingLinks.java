package postdesk.rating;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import postdesk.config.RatingSettings;
import postdesk.ticket.TicketId;

/** The five one-click links ({@code BASE/rate/TOKEN}, scores 1-5) a closing mail carries, valid {@code rating.expiry} from the close. */
public final class RatingLinks {
    private final RatingSettings settings;
    private final RatingTokens tokens;
    /** The status page's address, asked when a mail is written: the server's port is known only once it listens. */
    private final Supplier<String> base;

    public RatingLinks(RatingSettings settings, RatingTokens tokens, Supplier<String> base) {
        this.settings = settings;
        this.tokens = tokens;
        this.base = base;
    }

    public boolean on() {
        return settings.on();
    }

    /** For a mail template: {@code score}, {@code stars} and {@code url} of each link, worst first. */
    public List<Map<String, Object>> forClose(TicketId ticket, Instant closedAt) {
        Instant expires = closedAt.plus(settings.expiry());
        String prefix = base.get() + "/rate/";
        return IntStream.rangeClosed(1, 5).<Map<String, Object>>mapToObj(score -> Map.of("score", score, "stars", "★".repeat(score),
                "url", prefix + tokens.token(ticket, score, expires))).toList();
    }
}
