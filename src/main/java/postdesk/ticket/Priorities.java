package postdesk.ticket;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The priority a customer asks for when opening a ticket: a subject tag ({@code [urgent]},
 * {@code [high]} …) or {@code Impact:} / {@code Urgency:} lines (high, medium, low) mapped
 * through an urgency × impact matrix. A missing one of the two counts as medium.
 */
public final class Priorities {
    /** Urgency or impact. */
    public enum Level { HIGH, MEDIUM, LOW }

    private static final Pattern TAG = Pattern.compile("\\[(low|normal|high|urgent|critical)\\]", Pattern.CASE_INSENSITIVE);
    private static final Pattern LINE = Pattern.compile("(?im)^\\s*(impact|urgency)\\s*:\\s*(high|medium|low)\\b");

    /** The default matrix, urgency × impact (P1 = CRITICAL … P5 = LOW). */
    public static final String DEFAULT_MATRIX = "high/high=CRITICAL,high/medium=URGENT,high/low=HIGH,"
            + "medium/high=URGENT,medium/medium=HIGH,medium/low=NORMAL,low/high=HIGH,low/medium=NORMAL,low/low=LOW";

    private final Map<Level, Map<Level, Priority>> matrix;

    private Priorities(Map<Level, Map<Level, Priority>> matrix) {
        this.matrix = matrix;
    }

    /** Reads {@code urgency/impact=PRIORITY,…}; every one of the nine cells must be given once. */
    public static Priorities parse(String text) {
        Map<Level, Map<Level, Priority>> m = new EnumMap<>(Level.class);
        for (String cell : text.split(",")) {
            String[] kv = cell.strip().split("=");
            String[] key = kv[0].strip().split("/");
            if (kv.length != 2 || key.length != 2) throw new IllegalArgumentException("'" + cell.strip() + "' is not urgency/impact=PRIORITY");
            Level urgency = level(key[0]);
            Level impact = level(key[1]);
            Priority p = CommandPlan.parsePriority(kv[1]).orElseThrow(() -> new IllegalArgumentException("unknown priority '" + kv[1].strip() + "'"));
            if (m.computeIfAbsent(urgency, k -> new EnumMap<>(Level.class)).put(impact, p) != null) {
                throw new IllegalArgumentException(urgency.name().toLowerCase(Locale.ROOT) + "/" + impact.name().toLowerCase(Locale.ROOT) + " is given twice");
            }
        }
        for (Level u : Level.values()) {
            for (Level i : Level.values()) {
                if (!m.containsKey(u) || !m.get(u).containsKey(i)) {
                    throw new IllegalArgumentException(u.name().toLowerCase(Locale.ROOT) + "/" + i.name().toLowerCase(Locale.ROOT) + " is missing");
                }
            }
        }
        return new Priorities(m);
    }

    /** The priority asked for in a new ticket's subject or text, if any; a subject tag wins. */
    public Optional<Priority> requested(String subject, String text) {
        Matcher tag = TAG.matcher(subject == null ? "" : subject);
        if (tag.find()) return Optional.of(Priority.valueOf(tag.group(1).toUpperCase(Locale.ROOT)));
        Level urgency = null;
        Level impact = null;
        Matcher line = LINE.matcher(text == null ? "" : text);
        while (line.find()) {
            Level l = level(line.group(2));
            if (line.group(1).equalsIgnoreCase("urgency") && urgency == null) urgency = l;
            if (line.group(1).equalsIgnoreCase("impact") && impact == null) impact = l;
        }
        if (urgency == null && impact == null) return Optional.empty();
        return Optional.of(matrix.get(urgency == null ? Level.MEDIUM : urgency).get(impact == null ? Level.MEDIUM : impact));
    }

    /** The subject without a priority tag. */
    public static String withoutTag(String subject) {
        return subject == null ? null : TAG.matcher(subject).replaceAll(" ").replaceAll("\\s+", " ").strip();
    }

    private static Level level(String s) {
        try {
            return Level.valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + s.strip() + "' is not high, medium or low");
        }
    }
}
