package postdesk.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The languages customers are written to in: {@code fallback} is the language of the top-level
 * templates ({@code language.default}), {@code offered} the others a ticket may take (each with a
 * templates folder {@code templates/L/}). Codes are ISO 639-1 in lower case, optionally with a region
 * ({@code pt-br}).
 */
public record Languages(String fallback, Set<String> offered) {

    private static final Pattern CODE = Pattern.compile("([a-z]{2})(-[a-z]{2})?");
    private static final Set<String> ISO_639_1 = Set.of(Locale.getISOLanguages());

    public Languages {
        offered = Set.copyOf(offered);
    }

    /** {@code value} as a language code ("DE" → "de", "pt_BR" → "pt-br"); throws IllegalArgumentException when it is none. */
    public static String code(String value) {
        String c = value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        var m = CODE.matcher(c);
        if (!m.matches() || !ISO_639_1.contains(m.group(1))) {
            throw new IllegalArgumentException("'" + value.strip() + "' is not an ISO 639-1 language code (de, fr, pt-br …)");
        }
        return c;
    }

    /** Whether {@code value} is written like a language code (a folder name that may hold templates). */
    public static boolean looksLikeCode(String value) {
        return CODE.matcher(value).matches() && ISO_639_1.contains(value.substring(0, 2));
    }

    /** The fallback and the offered languages. */
    public Set<String> all() {
        Set<String> all = new java.util.HashSet<>(offered);
        all.add(fallback);
        return all;
    }

    /** The language a ticket takes when {@code wanted} (may be null) is asked for: it if offered, else the fallback. */
    public String pick(String wanted) {
        return wanted != null && offered.contains(wanted) ? wanted : fallback;
    }

    static Set<String> parseList(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).map(Languages::code)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
