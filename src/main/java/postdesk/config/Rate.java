package postdesk.config;

import java.time.Duration;

/** A number of events per window, written {@code 10/3h}. */
public record Rate(int count, Duration window) {
    public static Rate parse(String text) {
        String[] parts = text.strip().split("\\s*/\\s*");
        if (parts.length != 2) throw new IllegalArgumentException("'" + text + "' is not like 10/3h (count/window)");
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

    @Override
    public String toString() {
        return count + "/" + Durations.format(window);
    }
}
