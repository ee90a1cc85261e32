package postdesk.outbound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.samskivert.mustache.Mustache;

/**
 * The canned replies agents insert with {@code #reply NAME}: {@code NAME.md} or {@code NAME.txt}
 * in the replies folder (next to the templates folder, {@code config/replies/}), Mustache with the
 * ticket's fields ({@code customer_name}, {@code customer_first_name}, {@code ticket_id},
 * {@code subject}, {@code agent_name}). Read when used, so an edited reply counts at once.
 */
public final class CannedReplies {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,60}");
    private static final List<String> EXTENSIONS = List.of(".md", ".txt");
    private final Path dir;
    private final Mustache.Compiler compiler = Mustache.compiler().escapeHTML(false).defaultValue("");

    public CannedReplies(Path dir) {
        this.dir = dir;
    }

    /** The reply called {@code name} (any case), rendered with {@code values}; empty when there is none. */
    public Optional<String> text(String name, Map<String, Object> values) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(n).matches()) return Optional.empty();
        for (String ext : EXTENSIONS) {
            Path file = dir.resolve(n + ext);
            if (!Files.isRegularFile(file)) continue;
            try {
                return Optional.of(compiler.compile(Files.readString(file, StandardCharsets.UTF_8)).execute(values).strip());
            } catch (IOException e) {
                throw new UncheckedIOException("canned reply " + file + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new IllegalStateException("canned reply " + file + " is broken: " + e.getMessage(), e);
            }
        }
        return Optional.empty();
    }

    /** Every reply's name and first line, sorted by name. */
    public List<Map<String, Object>> list() {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> EXTENSIONS.stream().anyMatch(e -> f.getFileName().toString().endsWith(e)))
                    .map(f -> {
                        String file = f.getFileName().toString();
                        String name = file.substring(0, file.lastIndexOf('.')).toLowerCase(Locale.ROOT);
                        return Map.<String, Object>of("name", name, "first_line", firstLine(f));
                    })
                    .filter(m -> NAME.matcher((String) m.get("name")).matches())
                    .sorted(java.util.Comparator.comparing(m -> (String) m.get("name")))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("canned replies in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String firstLine(Path f) {
        try (Stream<String> lines = Files.lines(f, StandardCharsets.UTF_8)) {
            String line = lines.filter(l -> !l.isBlank()).findFirst().orElse("").strip();
            return line.length() > 80 ? line.substring(0, 79) + "…" : line;
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable)";
        }
    }
}
