package postdesk.ticket;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The desk's customer-facing names of priorities (Inedo's Blocker … Trivial): what a customer may
 * write as {@code [blocker]} or {@code Severity: major}, and what the customer's mails call a
 * ticket's priority. A priority with no word of its own is called by its name ("Normal").
 */
public final class SeverityWords {
    public static final String DEFAULT = "Blocker=CRITICAL, Critical=URGENT, Major=HIGH, Minor=NORMAL, Trivial=LOW";
    public static final SeverityWords NONE = new SeverityWords(Map.of(), Map.of());

    private final Map<String, Priority> byWord;
    private final Map<Priority, String> wordOf;

    private SeverityWords(Map<String, Priority> byWord, Map<Priority, String> wordOf) {
        this.byWord = byWord;
        this.wordOf = wordOf;
    }

    /** Reads {@code Word=PRIORITY, …} ({@code off}: none); the first word given for a priority is the one shown. */
    public static SeverityWords parse(String text) {
        if (text.isBlank() || text.strip().equalsIgnoreCase("off")) return NONE;
        Map<String, Priority> byWord = new LinkedHashMap<>();
        Map<Priority, String> wordOf = new EnumMap<>(Priority.class);
        for (String entry : text.split(",")) {
            String[] kv = entry.split("=");
            if (kv.length != 2 || !kv[0].strip().matches("[\\p{L}][\\p{L}\\p{N} _-]{0,29}")) {
                throw new IllegalArgumentException("'" + entry.strip() + "' is not Word=PRIORITY");
            }
            String word = kv[0].strip();
            Priority p = CommandPlan.parsePriority(kv[1]).orElseThrow(() -> new IllegalArgumentException("unknown priority '" + kv[1].strip() + "'"));
            if (byWord.put(word.toLowerCase(Locale.ROOT), p) != null) throw new IllegalArgumentException("'" + word + "' is given twice");
            wordOf.putIfAbsent(p, word);
        }
        return new SeverityWords(Map.copyOf(byWord), wordOf);
    }

    /** The priority a severity word stands for. */
    public Optional<Priority> priorityOf(String word) {
        return Optional.ofNullable(byWord.get(word.strip().toLowerCase(Locale.ROOT)));
    }

    /** What the customer reads for {@code p}. */
    public String wordFor(Priority p) {
        String own = wordOf.get(p);
        if (own != null) return own;
        String name = p.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** The words, lower case. */
    public Set<String> words() {
        return byWord.keySet();
    }
}
