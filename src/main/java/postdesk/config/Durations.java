package postdesk.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as operators write them: {@code 30s}, {@code 15m}, {@code 48h}, {@code 7d}, {@code 2w},
 * {@code 1y}, {@code 500ms} or ISO-8601 ({@code PT48H}). A year is 365 days and a week 7: retention
 * periods need no calendar precision.
 */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w|y)");

    private Durations() {
    }

    public static Duration parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(value);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "w" -> Duration.ofDays(Math.multiplyExact(n, 7));
                    case "y" -> Duration.ofDays(Math.multiplyExact(n, 365));
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 30s, 15m, 48h, 7d or PT48H)");
        }
    }

    /** Words for mail to people: "2 days", "1 day", "36 hours", "15 minutes". */
    public static String words(Duration d) {
        long minutes = d.toMinutes();
        if (minutes >= 1440 && minutes % 1440 == 0) return plural(minutes / 1440, "day");
        if (minutes >= 60 && minutes % 60 == 0) return plural(minutes / 60, "hour");
        if (minutes >= 1) return plural(minutes, "minute");
        return plural(Math.max(1, d.toSeconds()), "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** A short form for logs and config output: 48h, 90s, 2d. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        if (s != 0 && s % 86400 == 0) return s / 86400 + "d";
        if (s != 0 && s % 3600 == 0) return s / 3600 + "h";
        if (s != 0 && s % 60 == 0) return s / 60 + "m";
        if (d.toMillis() % 1000 != 0) return d.toMillis() + "ms";
        return s + "s";
    }
}
