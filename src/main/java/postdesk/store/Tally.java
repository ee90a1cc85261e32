package postdesk.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** What an erasure removed: a count per kind ("messages", "attachments" …), in the order first counted. */
public final class Tally {
    private final Map<String, Integer> counts = new LinkedHashMap<>();

    public void add(String kind, int n) {
        if (n > 0) counts.merge(kind, n, Integer::sum);
    }

    public void addAll(Tally other) {
        other.counts.forEach(this::add);
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }

    /** The counts in the order first counted. */
    public Map<String, Integer> counts() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /** "3 messages, 1 attachments": counts only, never content. */
    @Override
    public String toString() {
        return counts.isEmpty() ? "nothing" : counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }
}
