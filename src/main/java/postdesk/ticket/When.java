package postdesk.ticket;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A moment an agent writes in a command ({@code #snooze 3d}, {@code #sendat tomorrow 08:30}), in
 * the desk's time zone: a delay ("30m", "4h", "3d", "2w"), a date ("2026-12-24", at 09:00, the
 * start of a working day), a date and time ("2026-12-24 14:30"), a time ("14:30", today or else
 * tomorrow), "tomorrow" or a weekday ("monday", "fri"), each optionally with a time. Only moments
 * after {@code now} are accepted.
 */
public final class When {
    /** The time of day a bare date or day means. */
    static final LocalTime DAY_START = LocalTime.of(9, 0);
    private static final Pattern DELAY = Pattern.compile("(\\d{1,4})\\s*(m|min|mins|minutes?|h|hours?|d|days?|w|weeks?)");
    private static final Pattern TIME = Pattern.compile("(\\d{1,2})[:.](\\d{2})");

    private When() {
    }

    public static Optional<Instant> parse(String text, Instant now, ZoneId zone) {
        // ISO's "2026-12-24T14:30" reads like "2026-12-24 14:30"
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replaceAll("(\\d)t(\\d)", "$1 $2").replaceAll("\\s+", " ");
        ZonedDateTime local = now.atZone(zone);
        Optional<Instant> at = delay(s, now)
                .or(() -> dateTime(s, zone))
                .or(() -> day(s, local));
        return at.filter(i -> i.isAfter(now));
    }

    private static Optional<Instant> delay(String s, Instant now) {
        Matcher m = DELAY.matcher(s);
        if (!m.matches()) return Optional.empty();
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2).charAt(0)) {
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
        return Optional.of(now.plus(d));
    }

    private static Optional<Instant> dateTime(String s, ZoneId zone) {
        String[] parts = s.split(" ");
        try {
            LocalDate date = LocalDate.parse(parts[0]);
            if (parts.length == 1) return Optional.of(date.atTime(DAY_START).atZone(zone).toInstant());
            Optional<LocalTime> time = time(parts[1]);
            return parts.length == 2 ? time.map(t -> LocalDateTime.of(date, t).atZone(zone).toInstant()) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** "14:30", "tomorrow", "tomorrow 8:30", "monday", "fri 16:00". */
    private static Optional<Instant> day(String s, ZonedDateTime now) {
        String[] parts = s.split(" ");
        if (parts.length > 2) return Optional.empty();
        Optional<LocalTime> onlyTime = time(parts[0]);
        if (parts.length == 1 && onlyTime.isPresent()) {
            ZonedDateTime today = now.with(onlyTime.get());
            return Optional.of((today.isAfter(now) ? today : today.plusDays(1)).toInstant());
        }
        LocalTime time = DAY_START;
        if (parts.length == 2) {
            Optional<LocalTime> t = time(parts[1]);
            if (t.isEmpty()) return Optional.empty();
            time = t.get();
        }
        if (parts[0].equals("tomorrow")) return Optional.of(now.toLocalDate().plusDays(1).atTime(time).atZone(now.getZone()).toInstant());
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
            if (parts[0].length() >= 3 && full.startsWith(parts[0])) {
                LocalDate date = now.toLocalDate().plusDays(1);
                while (date.getDayOfWeek() != d) date = date.plusDays(1);
                return Optional.of(date.atTime(time).atZone(now.getZone()).toInstant());
            }
        }
        return Optional.empty();
    }

    private static Optional<LocalTime> time(String s) {
        Matcher m = TIME.matcher(s);
        if (!m.matches()) return Optional.empty();
        int h = Integer.parseInt(m.group(1));
        int min = Integer.parseInt(m.group(2));
        return h < 24 && min < 60 ? Optional.of(LocalTime.of(h, min)) : Optional.empty();
    }
}
