package postdesk.sla;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import postdesk.config.Durations;
import postdesk.ticket.Priority;

/**
 * The SLA table: for each plan and priority a first-response and a resolution target, counted in
 * business hours or 24/7. Written as {@code sla.targets}, e.g.
 * {@code CRITICAL=1h/4h 24x7, HIGH=1bd/3bd, LOW=none, enterprise:HIGH=4h/1bd}: an entry without
 * a plan applies to every plan that has no entry of its own; {@code bd} is a business day (one
 * working day's hours); {@code none} (or a missing entry) means best effort, no target.
 */
public final class SlaTargets {
    public static final String DEFAULT = "CRITICAL=1h/4h 24x7, URGENT=4h/1bd, HIGH=1bd/3bd, NORMAL=2bd/5bd, LOW=none";

    /** One row: either target may be null (no target). */
    public record Target(Duration response, Duration resolution, boolean allDay) {
        public Duration of(SlaClock.Kind kind) {
            return kind == SlaClock.Kind.RESPONSE ? response : resolution;
        }
    }

    private static final Target NONE = new Target(null, null, false);
    private static final Pattern ENTRY = Pattern.compile("(?:([\\w.-]+):)?(\\w+)\\s*=\\s*(.+)");
    private static final Pattern BUSINESS_DAYS = Pattern.compile("(\\d+)\\s*bd");

    private final Map<String, Target> rows;

    private SlaTargets(Map<String, Target> rows) {
        this.rows = rows;
    }

    public static SlaTargets parse(String table, BusinessHours hours) {
        Map<String, Target> rows = new LinkedHashMap<>();
        for (String raw : table.split("[,;]")) {
            String entry = raw.strip();
            if (entry.isEmpty()) continue;
            Matcher m = ENTRY.matcher(entry);
            if (!m.matches()) throw new IllegalArgumentException("'" + entry + "' is not like HIGH=1bd/3bd or plan:HIGH=4h/1bd");
            Priority priority = priority(m.group(2));
            String plan = m.group(1) == null ? "" : m.group(1).toLowerCase(Locale.ROOT);
            String key = plan + ":" + priority;
            if (rows.containsKey(key)) throw new IllegalArgumentException("'" + entry + "' repeats " + (plan.isEmpty() ? "" : plan + ":") + priority);
            rows.put(key, target(m.group(3).strip(), hours));
        }
        return new SlaTargets(rows);
    }

    /** The plan's own row for the priority, else the row for every plan, else no target. */
    public Target forTicket(String plan, Priority priority) {
        Target own = rows.get(plan.toLowerCase(Locale.ROOT) + ":" + priority);
        if (own != null) return own;
        return rows.getOrDefault(":" + priority, NONE);
    }

    private static Priority priority(String name) {
        try {
            return Priority.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' is not a priority (LOW, NORMAL, HIGH, URGENT, CRITICAL)");
        }
    }

    private static Target target(String text, BusinessHours hours) {
        if (text.equalsIgnoreCase("none")) return NONE;
        boolean allDay = false;
        String spec = text;
        Matcher flag = Pattern.compile("(?i)(.*?)\\s+(24x7|24/7)").matcher(text);
        if (flag.matches()) {
            allDay = true;
            spec = flag.group(1);
        }
        String[] parts = spec.split("\\s*/\\s*");
        if (parts.length != 2) throw new IllegalArgumentException("'" + text + "' is not response/resolution like 1h/4h");
        return new Target(duration(parts[0], allDay, hours), duration(parts[1], allDay, hours), allDay);
    }

    private static Duration duration(String text, boolean allDay, BusinessHours hours) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("none")) return null;
        Matcher bd = BUSINESS_DAYS.matcher(t);
        if (bd.matches()) {
            if (allDay) throw new IllegalArgumentException("'" + text + "': business days in a 24x7 row; use d");
            return hours.workingDay().multipliedBy(Long.parseLong(bd.group(1)));
        }
        // in business time a "day" would be 24 working hours: say bd (a working day) instead
        if (!allDay && t.endsWith("d")) throw new IllegalArgumentException("'" + text + "': use bd for business days (or mark the row 24x7)");
        Duration d = Durations.parse(t);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("'" + text + "' must be longer than zero");
        return d;
    }
}
