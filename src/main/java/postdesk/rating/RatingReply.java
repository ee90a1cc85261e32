package postdesk.rating;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a reply's text is a satisfaction rating (pure): its first line must be nothing but a
 * score 1-5 ("5", "5/5", "4 stars", "Rating: 3", "3 out of 5"), optionally followed by a separator
 * and a comment ("4 - quick and friendly"); the lines below it, up to any quoted history or
 * signature, are the comment. Anything else on the first line ("5 more questions: …", "I tried 3
 * times") is no rating: a customer's new question must never be swallowed as a score.
 */
public final class RatingReply {
    private static final Pattern FIRST_LINE = Pattern.compile(
            "(?:(?:my\\s+)?(?:rating|score|rate)\\s*[:=]?\\s*)?"
                    + "([1-5])"
                    + "(?:\\s*(?:/|out\\s+of|of)\\s*5)?"
                    + "(?:\\s*(?:stars?|points?|★+|⭐+))?"
                    + "\\s*[.!]*"
                    // a comment on the same line needs a separator and a space: "5:30" and "4-5 days" are no ratings
                    + "(?:\\s*(?:[-–—]+|[:,;])(?:\\s+(.*))?)?",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /** Where the customer's own words end: quoted history, an attribution, a forwarded header block, a signature. */
    private static final Pattern HISTORY = Pattern.compile(
            ">.*|-- ?|-{3,}\\s*(?:original message|forwarded message).*|_{10,}|on .+ wrote:|from:\\s.*|am .+ schrieb .*:|le .+ a écrit\\s*:",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private RatingReply() {
    }

    /** A score and the customer's comment ("" when none). */
    public record Given(int score, String comment) {
    }

    public static Optional<Given> parse(String text) {
        if (text == null) return Optional.empty();
        List<String> own = new ArrayList<>();
        for (String line : text.replace("\r", "").split("\n", -1)) {
            if (HISTORY.matcher(line.strip()).matches()) break;
            own.add(line);
        }
        int first = 0;
        while (first < own.size() && own.get(first).isBlank()) first++;
        if (first == own.size()) return Optional.empty();
        Matcher m = FIRST_LINE.matcher(own.get(first).strip());
        if (!m.matches()) return Optional.empty();
        List<String> comment = new ArrayList<>();
        if (m.group(2) != null) comment.add(m.group(2));
        comment.addAll(own.subList(first + 1, own.size()));
        return Optional.of(new Given(Integer.parseInt(m.group(1)), String.join("\n", comment).strip()));
    }
}
