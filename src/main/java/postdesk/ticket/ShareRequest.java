package postdesk.ticket;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A customer's {@code Share:} line in the first message: with the organisation (organisation,
 * organization, org, team, company, yes) or private (private, me, no). The first such line counts.
 */
public final class ShareRequest {
    private static final Pattern LINE = Pattern.compile("(?im)^[\\s*_-]*(?:share|sharing|visibility)[\\s*_]*:[\\s*_]*(\\p{L}+)");

    private ShareRequest() {
    }

    /** True to share, false to keep private, empty when the text does not say. */
    public static Optional<Boolean> in(String text) {
        Matcher m = LINE.matcher(text == null ? "" : text);
        while (m.find()) {
            switch (m.group(1).toLowerCase(Locale.ROOT)) {
                case "organisation", "organization", "org", "team", "company", "yes", "shared", "public" -> {
                    return Optional.of(true);
                }
                case "private", "me", "no", "none", "personal" -> {
                    return Optional.of(false);
                }
                default -> {
                    // some other word ("Share: my screen"): not a request, look on
                }
            }
        }
        return Optional.empty();
    }
}
