package postdesk.ticket;

import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ticket's public ID, {@code TKT-XXXXX-XXXX}: nine random symbols from an alphabet without the
 * look-alikes 0/O/1/I/L (31 symbols, about 44.6 bits), so one ID says nothing about another.
 */
public record TicketId(String value) {
    static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private static final String SYMBOL = "[" + ALPHABET + "]";
    private static final Pattern EXACT = Pattern.compile("TKT-" + SYMBOL + "{5}-" + SYMBOL + "{4}");
    /** In a subject: any case, bracketed or not, not glued to other word characters. */
    private static final Pattern IN_TEXT = Pattern.compile(
            "(?<![A-Za-z0-9])TKT-(" + SYMBOL + "{5})-(" + SYMBOL + "{4})(?![A-Za-z0-9])", Pattern.CASE_INSENSITIVE);

    public TicketId {
        if (!EXACT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a ticket ID: " + value);
        }
    }

    public static TicketId random(RandomGenerator random) {
        StringBuilder b = new StringBuilder("TKT-");
        for (int i = 0; i < 9; i++) {
            if (i == 5) b.append('-');
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return new TicketId(b.toString());
    }

    /** Accepts an ID typed by a person (any case, surrounding space or brackets). */
    public static Optional<TicketId> parse(String text) {
        if (text == null) return Optional.empty();
        String v = text.trim().replaceAll("^\\[|\\]$", "").toUpperCase(Locale.ROOT);
        return EXACT.matcher(v).matches() ? Optional.of(new TicketId(v)) : Optional.empty();
    }

    /** The first ticket ID found in a subject line, if any. */
    public static Optional<TicketId> findIn(String subject) {
        if (subject == null) return Optional.empty();
        Matcher m = IN_TEXT.matcher(subject);
        return m.find() ? parse(m.group()) : Optional.empty();
    }

    /** How the ID appears in every outbound subject. */
    public String tag() {
        return "[" + value + "]";
    }

    @Override
    public String toString() {
        return value;
    }
}
