package postdesk.health;

import java.util.List;
import java.util.Locale;

import postdesk.store.Database;
import postdesk.store.RatingStore;

/**
 * The satisfaction ratings in Prometheus text: {@code postdesk_satisfaction_ratings_total} and
 * {@code postdesk_satisfaction_score_avg}, each once for all ratings (no label), once per
 * {@code agent} and once per {@code category} (tickets without one: {@code "(none)"}). Read from
 * the database at each scrape, so every daemon on it reports the same.
 */
public final class SatisfactionMetrics {
    private static final String COUNT = "postdesk_satisfaction_ratings_total";
    private static final String AVERAGE = "postdesk_satisfaction_score_avg";
    private final Database db;

    public SatisfactionMetrics(Database db) {
        this.db = db;
    }

    public String exposition() {
        RatingStore store = new RatingStore(db.dsl());
        RatingStore.Score all = store.overall();
        List<RatingStore.Score> agents = store.byAgent();
        List<RatingStore.Score> categories = store.byCategory();
        StringBuilder out = new StringBuilder();
        out.append("# HELP ").append(COUNT).append(" satisfaction ratings given (one per ticket): all, by the ticket's agent, by its category\n");
        out.append("# TYPE ").append(COUNT).append(" counter\n");
        out.append(COUNT).append(' ').append(all.count()).append('\n');
        agents.forEach(s -> out.append(COUNT).append(label("agent", s.label())).append(' ').append(s.count()).append('\n'));
        categories.forEach(s -> out.append(COUNT).append(label("category", s.label())).append(' ').append(s.count()).append('\n'));
        out.append("# HELP ").append(AVERAGE).append(" average satisfaction score (1-5): all, by the ticket's agent, by its category\n");
        out.append("# TYPE ").append(AVERAGE).append(" gauge\n");
        if (all.count() > 0) out.append(AVERAGE).append(' ').append(number(all.average())).append('\n');
        agents.forEach(s -> out.append(AVERAGE).append(label("agent", s.label())).append(' ').append(number(s.average())).append('\n'));
        categories.forEach(s -> out.append(AVERAGE).append(label("category", s.label())).append(' ').append(number(s.average())).append('\n'));
        return out.toString();
    }

    /** {@code {name="value"}} with the value escaped as the text format asks (backslash, quote, line feed). */
    static String label(String name, String value) {
        return "{" + name + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"}";
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
