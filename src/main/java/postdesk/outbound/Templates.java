package postdesk.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

/**
 * The editable mail templates: {@code NAME.txt} and {@code NAME.html} (Mustache) from a mailbox's
 * own templates folder, else the desk's (next to the config file), else the copies built into the jar.
 * Text parts are not escaped; HTML parts escape every value.
 */
public final class Templates {
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

    public Rendered render(String name, Map<String, Object> values) {
        return new Rendered(
                template(name + ".txt", text).execute(values).strip() + "\n",
                template(name + ".html", html).execute(values));
    }

    /** Loads every template once, so a broken one stops start-up rather than a mail. */
    public void check(String... names) {
        for (String n : names) {
            template(n + ".txt", text);
            template(n + ".html", html);
        }
    }

    private Template template(String file, Mustache.Compiler compiler) {
        return cache.computeIfAbsent(file, f -> {
            try (Reader r = open(f)) {
                return compiler.compile(r);
            } catch (IOException e) {
                throw new UncheckedIOException("template " + f + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new IllegalStateException("template " + f + " is broken: " + e.getMessage(), e);
            }
        });
    }

    private Reader open(String file) throws IOException {
        for (Path dir : dirs) {
            Path p = dir.resolve(file);
            if (Files.isRegularFile(p)) return Files.newBufferedReader(p, StandardCharsets.UTF_8);
        }
        InputStream in = Templates.class.getResourceAsStream("/templates/" + file);
        if (in == null) throw new IOException("not found in " + dirs + " nor built in");
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }
}
