package postdesk.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

import postdesk.config.Languages;

/**
 * The editable mail templates: {@code NAME.txt} and {@code NAME.html} (Mustache) from a mailbox's
 * own templates folder, else the desk's (next to the config file), else the copies built into the jar.
 * Text parts are not escaped; HTML parts escape every value.
 * <p>
 * A template in language L is looked for in the folders {@code L/} of the same places first
 * (mailbox/L, desk/L, built-in/L, then mailbox, desk, built-in): a partial translation falls back
 * template by template to the default language, and a translation always wins over a customised
 * template of the default language.
 */
public final class Templates {
    private static final String BUILT_IN = "/templates/";
    private final List<Path> dirs;
    private final Mustache.Compiler text = Mustache.compiler().escapeHTML(false).defaultValue("");
    private final Mustache.Compiler html = Mustache.compiler().escapeHTML(true).defaultValue("");
    private final Map<String, Template> cache = new ConcurrentHashMap<>();

    /** Templates looked up in {@code dirs} in order (null entries skipped), then among the built-in ones. */
    public Templates(Path... dirs) {
        this.dirs = java.util.Arrays.stream(dirs).filter(java.util.Objects::nonNull).distinct().toList();
    }

    /** The rendered text and HTML parts of a template. */
    public record Rendered(String text, String html) {
    }

    /** In the default language (the top-level templates): mail to agents. */
    public Rendered render(String name, Map<String, Object> values) {
        return render(name, null, values);
    }

    /** In {@code language} where that template is translated, else in the default language; null: the default. */
    public Rendered render(String name, String language, Map<String, Object> values) {
        return new Rendered(
                template(name + ".txt", language, text).execute(values).strip() + "\n",
                template(name + ".html", language, html).execute(values));
    }

    /**
     * Loads every template once in each language, so a broken one stops start-up rather than a mail;
     * so does half a translation (a {@code L/NAME.txt} without its {@code L/NAME.html}, or the reverse).
     */
    public void check(Collection<String> languages, String... names) {
        for (String n : names) {
            template(n + ".txt", null, text);
            template(n + ".html", null, html);
            for (String language : languages) {
                if (!Objects.equals(where(language + "/" + n + ".txt"), where(language + "/" + n + ".html"))) {
                    throw new IllegalStateException("template " + language + "/" + n + ": the .txt and the .html part are not in the same folder"
                            + " (translate both)");
                }
                template(n + ".txt", language, text);
                template(n + ".html", language, html);
            }
        }
    }

    /**
     * The languages that have templates among {@code dirs} (a folder named like a language code) or
     * among the built-in ones (probed by their acknowledgement: a jar's folders cannot be listed cheaply).
     */
    public static Set<String> languages(List<Path> dirs) {
        Set<String> found = new TreeSet<>();
        for (Path dir : dirs) {
            try (var entries = Files.list(dir)) {
                entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(Languages::looksLikeCode).forEach(found::add);
            } catch (IOException e) {
                // no such folder: only the built-in templates
            }
        }
        for (String code : java.util.Locale.getISOLanguages()) {
            if (Templates.class.getResource(BUILT_IN + code + "/acknowledgement.txt") != null) found.add(code);
        }
        return found;
    }

    private Template template(String file, String language, Mustache.Compiler compiler) {
        return cache.computeIfAbsent(language == null ? file : language + "/" + file, key -> {
            try (Reader r = open(language == null ? List.of(file) : List.of(language + "/" + file, file))) {
                return compiler.compile(r);
            } catch (IOException e) {
                throw new UncheckedIOException("template " + key + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new IllegalStateException("template " + key + " is broken: " + e.getMessage(), e);
            }
        });
    }

    /** The first of {@code files} found (each in the folders, then built in). */
    private Reader open(List<String> files) throws IOException {
        for (String file : files) {
            Object at = where(file);
            if (at instanceof Path dir) return Files.newBufferedReader(dir.resolve(file), StandardCharsets.UTF_8);
            if (at != null) return new InputStreamReader(Templates.class.getResourceAsStream(BUILT_IN + file), StandardCharsets.UTF_8);
        }
        throw new IOException("not found in " + dirs + " nor built in");
    }

    /** Which folder {@code file} is found in: one of the folders (a Path), the built-in ones ({@link #BUILT_IN}), or null. */
    private Object where(String file) {
        for (Path dir : dirs) {
            if (Files.isRegularFile(dir.resolve(file))) return dir;
        }
        return Templates.class.getResource(BUILT_IN + file) == null ? null : BUILT_IN;
    }
}
