package postdesk.ticket;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The priority a customer asks for when opening a ticket: a subject tag ({@code [urgent]},
 * {@code [high]} …, or a severity word: {@code [blocker]}), a {@code Severity:} line, or
 * {@code Impact:} / {@code Urgency:} lines (high, medium, low) mapped through an urgency × impact
 * matrix, a missing one of the two counting as medium. A priority's own name wins over a
 * severity word in a tag ({@code [critical]} is CRITICAL even where "Critical" names URGENT), so
 * the documented tags keep their meaning; a {@code Severity:} line speaks the desk's words.
 */
public final class Priorities {
    /** Urgency or impact. */
    public enum Level { HIGH, MEDIUM, LOW }

    private static final Pattern TAG = Pattern.compile("\\[\\s*([\\p{L}][\\p{L}\\p{N} _-]{0,29}?)\\s*\\]");
    private static final Pattern SEVERITY = Pattern.compile("(?im)^[\\s*_-]*severity[\\s*_]*:[\\s*_]*([\\p{L}][\\p{L}\\p{N}_-]{0,29})");
    private static final Pattern LINE = Pattern.compile("(?im)^\\s*(impact|urgency)\\s*:\\s*(high|medium|low)\\b");

    /** The default matrix, urgency × impact (P1 = CRITICAL … P5 = LOW). */
    public static final String DEFAULT_MATRIX = "high/high=CRITICAL,high/medium=URGENT,high/low=HIGH,"
            + "medium/high=URGENT,medium/medium=HIGH,medium/low=NORMAL,low/high=HIGH,low/medium=NORMAL,low/low=LOW";

    private final Map<Level, Map<Level, Priority>> matrix;
    private final SeverityWords words;

    private Priorities(Map<Level, Map<Level, Priority>> matrix, SeverityWords words) {
        this.matrix = matrix;
        this.words = words;
    }

    /** The same matrix, with the desk's severity words. */
    public Priorities withWords(SeverityWords severityWords) {
        return new Priorities(matrix, severityWords);
    }

    public SeverityWords words() {
        return words;
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
        return new Priorities(m, SeverityWords.NONE);
    }

    /** The priority asked for in a new ticket's subject or text, if any: a subject tag, then a Severity line, then Impact/Urgency. */
    public Optional<Priority> requested(String subject, String text) {
        Optional<Priority> tagged = tag(subject);
        if (tagged.isPresent()) return tagged;
        Matcher severity = SEVERITY.matcher(text == null ? "" : text);
        while (severity.find()) {
            Optional<Priority> p = words.priorityOf(severity.group(1)).or(() -> CommandPlan.parsePriority(severity.group(1)));
            if (p.isPresent()) return p;
        }
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

    /** The first bracketed tag of the subject that names a priority or a severity word. */
    private Optional<Priority> tag(String subject) {
        Matcher tag = TAG.matcher(subject == null ? "" : subject);
        while (tag.find()) {
            Optional<Priority> p = priorityName(tag.group(1)).or(() -> words.priorityOf(tag.group(1)));
            if (p.isPresent()) return p;
        }
        return Optional.empty();
    }

    private static Optional<Priority> priorityName(String word) {
        try {
            return Optional.of(Priority.valueOf(word.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The subject without the tags that asked for a priority. */
    public String withoutTag(String subject) {
        if (subject == null) return null;
        return TAG.matcher(subject).replaceAll(m -> priorityName(m.group(1)).isPresent() || words.priorityOf(m.group(1)).isPresent()
                ? " " : Matcher.quoteReplacement(m.group())).replaceAll("\\s+", " ").strip();
    }

    private static Level level(String s) {
        try {
            return Level.valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + s.strip() + "' is not high, medium or low");
        }
    }
}
