package postdesk.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as operators write them ({@code 500KB}, {@code 10MB}, {@code 1GB}, or a plain number of bytes) and as people read them. */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|k|mb|m|gb|g)?");

    private Sizes() {
    }

    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException("not a size: '" + text + "' (use e.g. 500KB, 10MB, 1GB)");
        try {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "b" : m.group(2);
            return switch (unit.charAt(0)) {
                case 'k' -> Math.multiplyExact(n, 1024L);
                case 'm' -> Math.multiplyExact(n, 1024L * 1024);
                case 'g' -> Math.multiplyExact(n, 1024L * 1024 * 1024);
                default -> n;
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("size too large: '" + text + "'");
        }
    }

    /** "812 bytes", "14 KB", "10 MB", "2.5 MB". */
    public static String format(long bytes) {
        if (bytes < 1024) return bytes + " bytes";
        if (bytes < 1024 * 1024) return Math.round(bytes / 1024.0) + " KB";
        if (bytes % (1024 * 1024) == 0) return bytes / (1024 * 1024) + " MB";
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
