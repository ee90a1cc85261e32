package postdesk.config;

import java.time.Duration;

/**
 * Satisfaction ratings: whether the closing mail asks for one ({@code rating}), and how long after
 * the close its links and a reply with a number still count ({@code rating.expiry}).
 */
public record RatingSettings(boolean on, Duration expiry) {
}
