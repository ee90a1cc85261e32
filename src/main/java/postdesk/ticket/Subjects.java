package postdesk.ticket;

import java.util.regex.Pattern;

/** Subject lines in and out: clean what customers send, build what Postdesk sends. */
public final class Subjects {
    public static final int MAX_LENGTH = 200;
    private static final Pattern PREFIXES = Pattern.compile(
            "^(\\s*(re|aw|sv|vs|antw|wg|fw|fwd|tr|rif|r|odp|ynt|enc)(\\[\\d+\\])?\\s*[:：]\\s*)+", Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG = Pattern.compile("\\s*\\[?TKT-[A-Z0-9]{5}-[A-Z0-9]{4}\\]?\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]+");

    private Subjects() {
    }

    /**
     * The subject a new ticket keeps: control characters (CR/LF included) folded to spaces, reply
     * prefixes and ticket tags removed, at most {@value #MAX_LENGTH} characters (cut with an ellipsis).
     */
    public static String forTicket(String subject) {
        String s = subject == null ? "" : CONTROL.matcher(subject).replaceAll(" ");
        // tags first: "[TKT-…] Re: X" must lose its prefix too, so cleaning twice changes nothing
        s = TAG.matcher(s).replaceAll(" ").replaceAll("\\s+", " ").strip();
        s = PREFIXES.matcher(s).replaceFirst("").strip();
        if (s.isEmpty()) s = "(no subject)";
        if (s.length() > MAX_LENGTH) {
            int end = MAX_LENGTH - 1;
            if (Character.isHighSurrogate(s.charAt(end - 1))) end--; // never cut a character in half
            s = s.substring(0, end).stripTrailing() + "…";
        }
        return s;
    }

    /** Every outbound subject: {@code Re: subject [TKT-XXXXX-XXXX]}. */
    public static String outbound(String ticketSubject, TicketId id) {
        return "Re: " + forTicket(ticketSubject) + " " + id.tag();
    }
}
