package postdesk.config;

import java.time.Duration;
import java.util.Locale;

/** A number of events per window, written {@code 10/3h}, or {@code off} for no limit at all. */
public record Rate(int count, Duration window) {
    /** No limit: nothing is ever over it. */
    public static final Rate OFF = new Rate(Integer.MAX_VALUE, Duration.ZERO);

    public static Rate parse(String text) {
        if (text.strip().toLowerCase(Locale.ROOT).equals("off")) return OFF;
        String[] parts = text.strip().split("\\s*/\\s*");
        if (parts.length != 2) throw new IllegalArgumentException("'" + text + "' is not like 10/3h (count/window) or off");
        int count;
        try {
            count = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + parts[0] + "' is not a count in '" + text + "'");
        }
        Duration window = Durations.parse(parts[1]);
        if (count < 1 || window.isZero() || window.isNegative()) throw new IllegalArgumentException("'" + text + "' must allow at least 1 in a window longer than zero");
        return new Rate(count, window);
    }

    public boolean isOff() {
        return window.isZero();
    }

    /** Whether {@code seen} events already in the window leave no room for one more. */
    public boolean isReachedBy(int seen) {
        return !isOff() && seen >= count;
    }

    @Override
    public String toString() {
        return isOff() ? "off" : count + "/" + Durations.format(window);
    }
}
