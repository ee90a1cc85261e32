package postdesk.archive;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MailDateFormat;

/** When an archived mail was written: its Date header, or else the date on its mbox {@code From } line. */
final class MailDates {
    // "From sender Mon Jan  1 09:30:00 2024", sometimes with a zone before the year (Gmail: "+0000 2024")
    private static final Pattern FROM_LINE_DATE = Pattern.compile(
            "([A-Z][a-z]{2}) +(\\d{1,2}) +(\\d{1,2}:\\d{2}(?::\\d{2})?)(?: +([+-]\\d{4}))? +(\\d{4})");
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("MMM d H:mm[:ss] yyyy", Locale.ROOT);

    private MailDates() {
    }

    /** The Date header's value; empty when missing or not a date (RFC 5322 read leniently). */
    static Optional<Instant> fromHeader(String value) {
        if (value == null || value.isBlank()) return Optional.empty();
        try {
            return Optional.of(new MailDateFormat().parse(value.strip()).toInstant());
        } catch (java.text.ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The asctime date on an mbox separator line (UTC unless it names a zone). */
    static Optional<Instant> fromSeparator(String line) {
        Matcher m = FROM_LINE_DATE.matcher(line);
        if (!m.find()) return Optional.empty();
        try {
            LocalDateTime local = LocalDateTime.parse(m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(5), ASCTIME);
            ZoneOffset zone = m.group(4) == null ? ZoneOffset.UTC : ZoneOffset.of(m.group(4).substring(0, 3) + ":" + m.group(4).substring(3));
            return Optional.of(local.toInstant(zone));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
