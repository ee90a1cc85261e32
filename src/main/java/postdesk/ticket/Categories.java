package postdesk.ticket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Categories and types as configured, and how a new ticket gets its category: from the address
 * the mail was sent to (an alias such as billing@ → Billing), else from the first subject keyword
 * rule that matches. Pure: plain values in, plain values out.
 */
public final class Categories {
    private final List<String> categories;
    private final List<String> types;
    private final Map<String, String> aliases;
    private final Map<Pattern, String> keywords;

    private Categories(List<String> categories, List<String> types, Map<String, String> aliases, Map<Pattern, String> keywords) {
        this.categories = categories;
        this.types = types;
        this.aliases = aliases;
        this.keywords = keywords;
    }

    /**
     * {@code categories}: {@code Billing,Technical} (empty: any name is accepted); {@code types}:
     * {@code incident,request}; {@code aliases}: {@code billing@x.test=Billing,…}; {@code keywords}:
     * {@code invoice|refund=Billing,vpn|login=Technical}. Throws with the faulty part named.
     */
    public static Categories parse(String categories, String types, String aliases, String keywords) {
        List<String> cats = list(categories);
        List<String> typeList = list(types).stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
        if (typeList.isEmpty()) throw new IllegalArgumentException("types: at least one type is needed");
        Map<String, String> aliasMap = new LinkedHashMap<>();
        for (String[] kv : pairs(aliases)) aliasMap.put(kv[0].toLowerCase(Locale.ROOT), known(cats, kv[1]));
        Map<Pattern, String> keywordMap = new LinkedHashMap<>();
        for (String[] kv : pairs(keywords)) {
            keywordMap.put(Pattern.compile("\\b(" + kv[0] + ")\\b", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), known(cats, kv[1]));
        }
        return new Categories(cats, typeList, aliasMap, keywordMap);
    }

    /** The category for a new ticket: the first recipient that is an alias, else the first keyword rule in the subject. */
    public Optional<String> forNewTicket(List<String> recipients, String subject) {
        for (String r : recipients) {
            String c = aliases.get(r.toLowerCase(Locale.ROOT));
            if (c != null) return Optional.of(c);
        }
        for (Map.Entry<Pattern, String> rule : keywords.entrySet()) {
            if (subject != null && rule.getKey().matcher(subject).find()) return Optional.of(rule.getValue());
        }
        return Optional.empty();
    }

    /** The configured spelling of a category an agent typed (any case), or empty when it is not in the list. */
    public Optional<String> category(String typed) {
        if (categories.isEmpty()) return typed.isBlank() || typed.length() > 100 ? Optional.empty() : Optional.of(typed.strip());
        return categories.stream().filter(c -> c.equalsIgnoreCase(typed.strip())).findFirst();
    }

    public Optional<String> type(String typed) {
        String t = typed.strip().toLowerCase(Locale.ROOT);
        return types.contains(t) ? Optional.of(t) : Optional.empty();
    }

    /** The addresses that lead to a category (billing@…): Postdesk's own addresses too. */
    public java.util.Set<String> aliasAddresses() {
        return aliases.keySet();
    }

    public List<String> categories() {
        return categories;
    }

    public List<String> types() {
        return types;
    }

    private static String known(List<String> categories, String category) {
        String c = category.strip();
        if (!categories.isEmpty() && categories.stream().noneMatch(c::equalsIgnoreCase)) {
            throw new IllegalArgumentException("'" + c + "' is not one of the categories " + categories);
        }
        return categories.stream().filter(c::equalsIgnoreCase).findFirst().orElse(c);
    }

    private static List<String> list(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split(",")) {
            if (!s.isBlank()) out.add(s.strip());
        }
        return out;
    }

    private static List<String[]> pairs(String text) {
        List<String[]> out = new ArrayList<>();
        for (String item : list(text)) {
            int eq = item.lastIndexOf('=');
            if (eq <= 0 || eq == item.length() - 1) throw new IllegalArgumentException("'" + item + "' is not KEY=Category");
            out.add(new String[] {item.substring(0, eq).strip(), item.substring(eq + 1).strip()});
        }
        return out;
    }
}
