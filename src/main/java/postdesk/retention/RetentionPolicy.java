package postdesk.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import postdesk.config.Durations;

/**
 * How long a closed ticket is kept, per plan of its requester ({@code retention = free=1y, *=2y}),
 * and what happens to it then ({@code retention.mode}). Pure arithmetic: the caller gives the time.
 *
 * @param byPlan periods of the plans named (lower case)
 * @param others the period of every plan not named ({@code *}); null: those are kept for good
 * @param mode   what expiry does to a ticket
 */
public record RetentionPolicy(Map<String, Duration> byPlan, Duration others, Mode mode) {
    /** The plan entry that stands for every plan not named. */
    public static final String OTHER_PLANS = "*";

    public static final RetentionPolicy OFF = new RetentionPolicy(Map.of(), null, Mode.ERASE);

    /**
     * What expiry removes. Both remove the text, HTML, quoted part and raw mail of every message,
     * the attachments (rows and files) and every address and name but the desk's own; the ticket's
     * ID, status, priority, category, plan, times and SLA clocks stay, with an audit event.
     */
    public enum Mode {
        /** The messages go as a whole. */
        ERASE,
        /** Each message stays as a dated entry (direction, agent or customer, internal): counts and response times still add up. */
        ANONYMISE;

        public static Mode parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "erase" -> ERASE;
                case "anonymise", "anonymize" -> ANONYMISE;
                default -> throw new IllegalArgumentException("'" + text + "' is not erase or anonymise");
            };
        }
    }

    /** One period at work: tickets of {@code plan} (or, for {@link #OTHER_PLANS}, of no named plan) closed before {@code closedBefore} expire. */
    public record Cutoff(String plan, Instant closedBefore) {
    }

    /** {@code off}, or {@code PLAN=DURATION} entries separated by commas, {@code *} for every other plan. */
    public static RetentionPolicy parse(String text, Mode mode) {
        if (text.strip().equalsIgnoreCase("off")) return new RetentionPolicy(Map.of(), null, mode);
        Map<String, Duration> byPlan = new LinkedHashMap<>();
        Duration others = null;
        for (String entry : text.split(",")) {
            if (entry.isBlank()) continue;
            String[] parts = entry.split("=", -1);
            if (parts.length != 2 || parts[0].isBlank()) throw new IllegalArgumentException("'" + entry.strip() + "' is not like free=1y (plan=duration)");
            String plan = parts[0].strip().toLowerCase(Locale.ROOT);
            Duration period = Durations.parse(parts[1]);
            if (period.isZero() || period.isNegative()) throw new IllegalArgumentException("the period of '" + plan + "' must be longer than zero");
            if (plan.equals(OTHER_PLANS) ? others != null : byPlan.containsKey(plan)) {
                throw new IllegalArgumentException("'" + plan + "' is given twice");
            }
            if (plan.equals(OTHER_PLANS)) others = period;
            else byPlan.put(plan, period);
        }
        if (byPlan.isEmpty() && others == null) throw new IllegalArgumentException("'" + text + "' names no plan (write off for no retention)");
        return new RetentionPolicy(Map.copyOf(byPlan), others, mode);
    }

    public boolean isOff() {
        return byPlan.isEmpty() && others == null;
    }

    /** How long a closed ticket of {@code plan} is kept; empty: for good. */
    public Optional<Duration> periodOf(String plan) {
        Duration own = byPlan.get(plan.toLowerCase(Locale.ROOT));
        return Optional.ofNullable(own != null ? own : others);
    }

    /** Whether a ticket of {@code plan} closed (last changed) at {@code closedAt} is past its retention at {@code now}. */
    public boolean expired(String plan, Instant closedAt, Instant now) {
        return periodOf(plan).map(p -> closedAt.plus(p).isBefore(now)).orElse(false);
    }

    /**
     * The cut-off time of the shortest period at {@code now}, for what belongs to no ticket and so
     * to no plan (automatic-mail records, lapsed bounce suppressions, quarantined mail); empty when off.
     */
    public Optional<Instant> unattachedCutoff(Instant now) {
        return Stream.concat(byPlan.values().stream(), Stream.ofNullable(others))
                .min(Duration::compareTo).map(now::minus);
    }

    /** The cut-off time of each period at {@code now}: the named plans first, then the other plans'. */
    public List<Cutoff> cutoffs(Instant now) {
        List<Cutoff> out = new ArrayList<>();
        byPlan.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.add(new Cutoff(e.getKey(), now.minus(e.getValue()))));
        if (others != null) out.add(new Cutoff(OTHER_PLANS, now.minus(others)));
        return out;
    }

    @Override
    public String toString() {
        if (isOff()) return "off";
        List<String> entries = new ArrayList<>();
        byPlan.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> entries.add(e.getKey() + "=" + Durations.format(e.getValue())));
        if (others != null) entries.add(OTHER_PLANS + "=" + Durations.format(others));
        return String.join(", ", entries) + " (" + mode.name().toLowerCase(Locale.ROOT) + ")";
    }
}
