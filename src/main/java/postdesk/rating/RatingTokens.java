package postdesk.rating;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import postdesk.ticket.TicketId;
import postdesk.trust.Signer;

/**
 * The tokens of the one-click rating links: {@code tkt-abcde-2345.SCORE.EXPIRY.MAC}, where EXPIRY
 * is the second the link stops working (base 36) and the MAC binds ticket, score and expiry with the
 * desk's secret. The signature is the whole authorisation: no login, so it must not be forgeable
 * for another ticket, another score or a later expiry.
 */
public final class RatingTokens {
    private static final String PURPOSE = "rating";
    private static final Pattern TOKEN = Pattern.compile("(tkt-[a-z0-9]{5}-[a-z0-9]{4})\\.([1-5])\\.([0-9a-z]{1,12})\\.([a-z2-7]{16})");
    private final Signer signer;

    public RatingTokens(Signer signer) {
        this.signer = signer;
    }

    /** What a well-signed token says; {@link #expired} tells whether it still counts. */
    public record Link(TicketId ticket, int score, Instant expires) {
        public boolean expired(Instant now) {
            return !now.isBefore(expires);
        }
    }

    public String token(TicketId ticket, int score, Instant expires) {
        String t = ticket.value().toLowerCase(Locale.ROOT);
        String s = Integer.toString(score);
        String e = Long.toString(expires.getEpochSecond(), 36);
        return t + "." + s + "." + e + "." + signer.sign(PURPOSE, t, s, e);
    }

    /** The link a token stands for, when it is one of ours unchanged (expired or not); else empty. */
    public Optional<Link> read(String token) {
        if (token == null) return Optional.empty();
        Matcher m = TOKEN.matcher(token.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || !signer.verify(m.group(4), PURPOSE, m.group(1), m.group(2), m.group(3))) return Optional.empty();
        long seconds;
        try {
            seconds = Long.parseLong(m.group(3), 36);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return TicketId.parse(m.group(1).toUpperCase(Locale.ROOT))
                .map(id -> new Link(id, Integer.parseInt(m.group(2)), Instant.ofEpochSecond(seconds)));
    }
}
