package postdesk.corpus;

import java.util.regex.Pattern;

/** How the harness reads sources whose reply policy differs from Postdesk's (README, "What an agent sees"). */
final class ReplyPolicy {
    private ReplyPolicy() {
    }

    /** A closing word or phrase, with an optional comma, alone on its line: "Regards,", "Med venlig hilsen", "Kh". */
    private static final Pattern CLOSING_LINE = Pattern.compile("^\\p{L}[\\p{L} ]{0,28}[,!.]?$", Pattern.UNICODE_CASE);
    private static final Pattern NAME_LINE = Pattern.compile("^\\p{Lu}[\\p{L}.'-]*(?: \\p{Lu}[\\p{L}.'-]*){0,2}$", Pattern.UNICODE_CASE);

    /**
     * A short closing Postdesk keeps as part of the message: one closing line, optionally followed
     * by one name line. A "-Name" or "/Name" sign-off, a contact block or a mobile footer is not one.
     */
    static boolean shortClosing(String text) {
        String[] lines = stripLines(text.replace("\r\n", "\n")).strip().split("\n");
        if (lines.length > 2 || !CLOSING_LINE.matcher(lines[0]).matches()) return false;
        return lines.length == 1 || NAME_LINE.matcher(lines[1]).matches();
    }

    /** Every line stripped of surrounding whitespace. */
    static String stripLines(String s) {
        return s.lines().map(String::strip).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
