package postdesk.corpus;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Runs every case of the shared mail corpus ({@code <postdesk.shared>/mail-corpus}, see its
 * README.md) through {@link postdesk.reading.MailReader} — the code behind {@code parse} and the
 * daemon — and reports pass rates per source and per check to stdout,
 * {@code target/corpus/report.txt}, {@code target/corpus/failures.txt} (expected vs actual per
 * failing check) and {@code target/corpus/results.tsv} (pass/FAIL per case and check, for diffing runs).
 *
 * <p>Sources that hold bare bodies (reply-trimming suites) are wrapped in a minimal mail
 * (From/To/Subject, {@code text/plain} or {@code text/html; charset=utf-8}) so they go through
 * the same path. Nothing is copied out of the corpus; without it the test is skipped, visibly.
 *
 * <p>The corpus's {@code expected_kind} vocabulary in Postdesk's kinds:
 * <ul>
 * <li>reply, new (and zammad's reply_or_new) → human; auto_reply → auto_reply; auto_generated →
 * auto_generated; bounce → bounce; feedback_report → feedback_report; delivery_success_dsn →
 * delivery_report; mailing_list → mailing_list; not_bounce → anything but bounce.</li>
 * <li>spam → anything but bounce, delivery_report or feedback_report: Postdesk has no spam kind
 * and leaves spam verdicts to the mail server; what matters is that spam is never taken for a
 * report (which would suppress an address or close a loop).</li>
 * <li>reject (no usable sender or no body) → passes when the daemon would not make a ticket of
 * it: no From address (the pipeline quarantines those), or classified as not human, or neither
 * text nor attachments.</li>
 * <li>Sources without expected_kind: mailgun-flanker's is_bounce / bounce_dsn / feedback_report
 * facts; an MDN read receipt ("auto-generated") accepts auto_generated or delivery_report;
 * ruby-mail-gem's bounced=false (a delay report) → not bounce; zammad's header truth table
 * (is_auto_response) → human / not human.</li>
 * </ul>
 *
 * <p>This test asserts only that the harness worked (every source read, more than 500 cases, no
 * listed file missing). The agreed pass-rate targets ({@link Checks#TARGETS}) are printed next to
 * the achieved rates and are asserted (turn that off with {@code -Dcorpus.enforce=false}).
 */
class CorpusTest {

    @Test
    void corpus() throws Exception {
        Path shared = Path.of(System.getProperty("postdesk.shared", "../shared"));
        Path corpus = shared.resolve("mail-corpus");
        String missing = "shared mail corpus missing: no " + corpus.toAbsolutePath().normalize()
                + "/README.md (set -Dpostdesk.shared=<folder holding mail-corpus/>); corpus checks SKIPPED";
        if (!Files.isRegularFile(corpus.resolve("README.md"))) System.err.println("CorpusTest: " + missing);
        Assumptions.assumeTrue(Files.isRegularFile(corpus.resolve("README.md")), missing);

        Sources sources = new Sources(corpus);
        Map<String, List<CorpusCase>> bySource = new LinkedHashMap<>();
        List<String> loadErrors = new ArrayList<>();
        List<String> all = sources.all();
        for (String source : all) {
            try {
                bySource.put(source, sources.load(source));
            } catch (Exception e) {
                loadErrors.add(source + ": " + e);
                bySource.put(source, List.of());
            }
        }

        CorpusRun run = new CorpusRun();
        try {
            bySource.values().forEach(cases -> cases.forEach(run::run));
        } finally {
            run.shutdown();
        }

        Map<String, Integer> counts = new LinkedHashMap<>();
        bySource.forEach((s, cs) -> counts.put(s, cs.size()));
        String report = run.report(corpus.toAbsolutePath().normalize(), all, counts);
        if (!loadErrors.isEmpty() || !sources.harnessErrors.isEmpty()) {
            report += "\nHARNESS ERRORS\n  " + String.join("\n  ", loadErrors) + "\n  " + String.join("\n  ", sources.harnessErrors) + "\n";
        }
        Path out = Path.of("target", "corpus");
        CorpusRun.write(out.resolve("report.txt"), report);
        CorpusRun.write(out.resolve("failures.txt"), run.failures());
        CorpusRun.write(out.resolve("results.tsv"), run.resultsTsv());
        System.out.println(report);
        System.out.println("(written to " + out.toAbsolutePath().resolve("report.txt") + " and failures.txt)");

        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        assertAll("corpus harness",
                () -> assertEquals(List.of(), loadErrors, "every expectation file must load"),
                () -> assertEquals(List.of(), sources.harnessErrors, "every listed corpus file must exist and be understood"),
                () -> assertTrue(total > 500, "expected more than 500 cases, found " + total),
                () -> assertEquals(total, run.results.size(), "every case must have been run"),
                () -> assertTrue(all.containsAll(Sources.KNOWN), "every known source is in the corpus: " + all),
                () -> assertAll("every source yields cases", all.stream()
                        .map(s -> (Executable) () -> assertTrue(counts.get(s) > 0, s + " yielded no cases"))));

        if (!"false".equals(System.getProperty("corpus.enforce"))) {
            Map<String, CorpusRun.Tally> perCheck = run.perCheck();
            Function<String, Executable> target = check -> () -> {
                CorpusRun.Tally t = perCheck.get(check);
                double want = Checks.TARGETS.get(check);
                assertTrue(t.total == 0 || t.rate() >= want, check + ": " + t.pass + "/" + t.total + " = "
                        + CorpusRun.pct(t.rate()) + ", target " + CorpusRun.pct(want) + " (see target/corpus/failures.txt)");
            };
            assertAll("corpus pass-rate targets", Checks.TARGETS.keySet().stream().sorted().map(target));
        }
    }
}
