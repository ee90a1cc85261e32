package postdesk.reply;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * The same customer reply written by many clients, languages, wrap widths, in text and HTML
 * ({@link ReplyStyles}) must extract to the customer's own text. The tuning set and the held-out
 * set are scored apart; failures go to {@code target/reply-variants/failures-*.txt}.
 */
class ReplyVariantsTest {
    private final ReplyExtractor extractor = new ReplyExtractor();

    @Test
    void tuningSet() throws IOException {
        double rate = score("tuning", ReplyStyles.TUNING);
        assertTrue(rate >= 0.99, "tuning set: " + pct(rate) + " of variants extract to the customer's text (see target/reply-variants)");
    }

    @Test
    void heldOutSet() throws IOException {
        double rate = score("held-out", ReplyStyles.HELD_OUT);
        assertTrue(rate >= 0.95, "held-out set: " + pct(rate) + " of variants extract to the customer's text (see target/reply-variants)");
    }

    @Test
    void freshSet() throws IOException {
        double rate = score("fresh", ReplyStyles.FRESH);
        assertTrue(rate >= 0.95, "fresh set: " + pct(rate) + " of variants extract to the customer's text (see target/reply-variants)");
    }

    private double score(String name, ReplyStyles.DataSet set) throws IOException {
        List<ReplyStyles.Variant> variants = ReplyStyles.variants(set);
        List<String> failures = new ArrayList<>();
        Map<String, int[]> byStyle = new TreeMap<>();
        for (ReplyStyles.Variant v : variants) {
            String text = v.html() ? HtmlText.toText(v.body()) : v.body();
            String got = extractor.extract(text, v.subject()).text();
            // HTML paragraphs and lists set off blank lines differently from the text; the lines must be the same
            boolean ok = v.html() ? normal(got).replaceAll("\n+", "\n").equals(normal(v.expected()).replaceAll("\n+", "\n"))
                    : normal(got).equals(normal(v.expected()));
            int[] t = byStyle.computeIfAbsent(v.name().replaceFirst("/.*", ""), k -> new int[2]);
            t[1]++;
            if (ok) t[0]++;
            else failures.add(v.name() + "\n--- input\n" + v.body() + "\n--- expected\n" + v.expected() + "\n--- got\n" + got + "\n");
        }
        int pass = variants.size() - failures.size();
        StringBuilder report = new StringBuilder(name + ": " + pass + "/" + variants.size() + " = " + pct(pass / (double) variants.size()) + "\n");
        byStyle.forEach((s, t) -> {
            if (t[0] < t[1]) report.append("  ").append(s).append(": ").append(t[0]).append('/').append(t[1]).append('\n');
        });
        Path dir = Path.of("target", "reply-variants");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("failures-" + name + ".txt"), report + "\n" + String.join("\n", failures));
        System.out.println(report);
        return pass / (double) variants.size();
    }

    /** Lines stripped, blank-line runs collapsed, NFC: layout differences between text and HTML are not the reply's. */
    static String normal(String s) {
        String t = Normalizer.normalize(s.replace('\u00a0', ' '), Normalizer.Form.NFC);
        return t.lines().map(String::strip).reduce((a, b) -> a + "\n" + b).orElse("").replaceAll("\n{3,}", "\n\n").strip();
    }

    private static String pct(double r) {
        return String.format("%.1f%%", 100 * r);
    }
}
