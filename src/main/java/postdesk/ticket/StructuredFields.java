package postdesk.ticket;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Structured fields a customer writes as "Label: value" lines in the first message: the licence
 * key, the URL where the problem shows, the UUID of the affected resource, and the operator's
 * own. A field's value is the first match of its pattern in the line's value, so "URL: see
 * https://shop.example/cart." gives the address alone, and a line whose value does not match
 * (a "Resource: the database" with no UUID) gives nothing.
 */
public final class StructuredFields {
    /** Where a field is shown besides the API and search, which always have it. */
    public enum Shown { NOTIFICATION, PAGE, BOARD }

    /** {@code title}: how agents see it named; {@code labels}: the names a customer may write (any case). */
    public record Field(String name, String title, List<String> labels, Pattern pattern, Set<Shown> shown) {
    }

    private static final Set<Shown> EVERYWHERE = EnumSet.allOf(Shown.class);
    /** The built-in fields; an operator's field of the same name replaces one. */
    static final List<Field> BUILT_IN = List.of(
            new Field("license", "License", List.of("license key", "licence key", "license", "licence"),
                    Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/+=-]{2,199}"), EVERYWHERE),
            new Field("url", "URL", List.of("url"), Pattern.compile("https?://[^\\s<>\"]+[^\\s<>\".,;:!?)\\]]"), EVERYWHERE),
            new Field("uuid", "UUID", List.of("uuid", "resource"),
                    Pattern.compile("(?i)\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b"), EVERYWHERE));

    public static final StructuredFields DEFAULT = new StructuredFields(BUILT_IN);

    /** A line "Label: value", allowing list bullets and bold marks around the label. */
    private static final Pattern LINE = Pattern.compile("^[\\s*_-]*([\\p{L}][\\p{L}\\p{N} ._-]{0,39}?)[\\s*_]*:[\\s*_]*(\\S.*)$");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    private final List<Field> fields;
    private final Map<String, Field> byLabel = new LinkedHashMap<>();

    private StructuredFields(List<Field> fields) {
        this.fields = List.copyOf(fields);
        for (Field f : fields) {
            for (String label : f.labels()) byLabel.put(label.toLowerCase(Locale.ROOT), f);
        }
    }

    /**
     * The built-in fields with the operator's: {@code name: Label, Label: shown: pattern; …}, where
     * shown is a space-separated set of notification, page, board (or none), and the pattern, last
     * so it may hold colons, is a Java regular expression.
     */
    public static StructuredFields parse(String text) {
        List<Field> fields = new ArrayList<>(BUILT_IN);
        if (text.isBlank()) return DEFAULT;
        for (String definition : text.split(";")) {
            if (definition.isBlank()) continue;
            String[] parts = definition.split(":", 4);
            if (parts.length != 4) throw new IllegalArgumentException("'" + definition.strip() + "' is not name: Labels: shown: pattern");
            String name = parts[0].strip().toLowerCase(Locale.ROOT);
            if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("'" + parts[0].strip() + "' is not a field name (a-z, 0-9, _)");
            List<String> labels = List.of(parts[1].split(",")).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (labels.isEmpty()) throw new IllegalArgumentException("field " + name + " has no label");
            Set<Shown> shown = EnumSet.noneOf(Shown.class);
            for (String where : parts[2].strip().toLowerCase(Locale.ROOT).split("[\\s,]+")) {
                if (where.isEmpty() || where.equals("none")) continue;
                try {
                    shown.add(Shown.valueOf(where.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("field " + name + ": '" + where + "' is not notification, page, board or none");
                }
            }
            Pattern pattern;
            try {
                pattern = Pattern.compile(parts[3].strip());
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("field " + name + ": bad pattern: " + e.getDescription());
            }
            fields.removeIf(f -> f.name().equals(name));
            fields.add(new Field(name, labels.get(0), labels, pattern, shown));
        }
        return new StructuredFields(fields);
    }

    /** The fields of a first message, name → value, in the order they were defined; the first line of each counts. */
    public Map<String, String> extract(String text) {
        Map<String, String> found = new LinkedHashMap<>();
        if (text == null) return found;
        for (String line : text.split("\\R")) {
            if (line.length() > 1000 || line.stripLeading().startsWith(">")) continue;
            Matcher m = LINE.matcher(line);
            if (!m.matches()) continue;
            Field f = byLabel.get(m.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " "));
            if (f == null || found.containsKey(f.name())) continue;
            Matcher value = f.pattern().matcher(m.group(2).strip());
            if (value.find() && !value.group().isBlank()) found.put(f.name(), value.group().strip());
        }
        return fields.stream().map(Field::name).filter(found::containsKey)
                .collect(Collectors.toMap(n -> n, found::get, (x, y) -> x, LinkedHashMap::new));
    }

    /** Of {@code values}, those shown at {@code where}, under their titles. */
    public Map<String, String> shown(Map<String, String> values, Shown where) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Field f : fields) {
            if (values.containsKey(f.name()) && f.shown().contains(where)) out.put(f.title(), values.get(f.name()));
        }
        return out;
    }
}
