package postdesk.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import postdesk.ticket.TicketId;
import postdesk.trust.Signer;

class RatingTokensTest {
    private static final TicketId TICKET = new TicketId("TKT-ABCDE-2345");
    private static final Instant EXPIRES = Instant.parse("2026-04-01T09:00:00Z");
    private final RatingTokens tokens = new RatingTokens(new Signer("a-secret-of-enough-length-for-hmac".getBytes(StandardCharsets.UTF_8)));

    @Test
    void aTokenSaysTicketScoreAndExpiry() {
        String token = tokens.token(TICKET, 4, EXPIRES);
        assertThat(token).matches("tkt-abcde-2345\\.4\\.[0-9a-z]+\\.[a-z2-7]{16}");
        RatingTokens.Link link = tokens.read(token).orElseThrow();
        assertThat(link).isEqualTo(new RatingTokens.Link(TICKET, 4, EXPIRES));
        assertThat(tokens.read(token.toUpperCase())).contains(link); // a client that upper-cases the path changes nothing
    }

    @Test
    void itExpiresAtItsSecond() {
        RatingTokens.Link link = tokens.read(tokens.token(TICKET, 5, EXPIRES)).orElseThrow();
        assertThat(link.expired(EXPIRES.minusSeconds(1))).isFalse();
        assertThat(link.expired(EXPIRES)).isTrue();
        assertThat(link.expired(EXPIRES.plus(Duration.ofDays(1)))).isTrue();
    }

    @Test
    void noPartCanBeChanged() {
        String token = tokens.token(TICKET, 2, EXPIRES);
        String[] parts = token.split("\\.");
        assertThat(tokens.read(parts[0] + ".5." + parts[2] + "." + parts[3])).as("another score").isEmpty();
        assertThat(tokens.read("tkt-abcde-2346." + parts[1] + "." + parts[2] + "." + parts[3])).as("another ticket").isEmpty();
        String later = Long.toString(EXPIRES.plus(Duration.ofDays(365)).getEpochSecond(), 36);
        assertThat(tokens.read(parts[0] + "." + parts[1] + "." + later + "." + parts[3])).as("a later expiry").isEmpty();
        char last = parts[3].charAt(15);
        assertThat(tokens.read(token.substring(0, token.length() - 1) + (last == 'a' ? 'b' : 'a'))).as("another MAC").isEmpty();
        assertThat(tokens.read(token.substring(0, token.length() - 1))).as("cut").isEmpty();
        assertThat(tokens.read(parts[0] + ".6." + parts[2] + "." + parts[3])).as("out of range").isEmpty();
        assertThat(tokens.read("")).isEmpty();
        assertThat(tokens.read(null)).isEmpty();
    }

    @Test
    void anotherSecretMakesOtherTokens() {
        RatingTokens other = new RatingTokens(new Signer("another-secret-of-enough-length-x".getBytes(StandardCharsets.UTF_8)));
        assertThat(other.read(tokens.token(TICKET, 3, EXPIRES))).isEmpty();
    }
}
