package postdesk.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import postdesk.reading.MailReader;
import postdesk.reading.Reading;

/**
 * Runs cases through {@link MailReader} one by one (each with a time limit, so neither an
 * exception nor a hang can stop the run), evaluates their checks and writes the report.
 */
final class CorpusRun {
    static final long TIME_LIMIT_SECONDS = 30;
    private static final int SHOW = 300;

    /** One case's outcome: per applicable check, its mismatches (empty = passed). */
    record Result(CorpusCase c, Map<String, List<Checks.Mismatch>> checks, String parseError, long millis) {
        boolean passed() {
            return checks.values().stream().allMatch(List::isEmpty);
        }
    }

    /** pass/total for one cell of the report. */
    static final class Tally {
        int pass;
        int total;

        void add(boolean ok) {
            total++;
            if (ok) pass++;
        }

        double rate() {
            return total == 0 ? Double.NaN : (double) pass / total;
        }
    }

    private final MailReader reader = new MailReader();
    private ExecutorService executor = newExecutor();
    final List<Result> results = new ArrayList<>();

    private static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "corpus-case");
            t.setDaemon(true);
            return t;
        });
    }

    void run(CorpusCase c) {
        long start = System.nanoTime();
        Reading read = null;
        String error = null;
        try {
            byte[] bytes = c.input().bytes();
            Future<Reading> f = executor.submit(() -> reader.read(bytes));
            try {
                read = f.get(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
                if (read == null) error = "MailReader.read returned null";
            } catch (TimeoutException te) {
                f.cancel(true);
                executor.shutdownNow();
                executor = newExecutor(); // the stuck thread is a daemon; it cannot block the run
                error = "timed out after " + TIME_LIMIT_SECONDS + " s";
            } catch (ExecutionException ee) {
                error = String.valueOf(ee.getCause());
            }
        } catch (IOException | RuntimeException ex) {
            error = "input unreadable: " + ex;
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        long millis = (System.nanoTime() - start) / 1_000_000;

        Map<String, List<Checks.Mismatch>> checks = new LinkedHashMap<>();
        checks.put(Checks.PARSE, error == null ? List.of() : List.of(new Checks.Mismatch("parse", "no exception", error)));
        for (String check : Checks.applicable(c.expect())) {
            if (error != null) {
                checks.put(check, List.of(new Checks.Mismatch(check, "(not evaluated)", "parse failed: " + error)));
                continue;
            }
            try {
                checks.put(check, Checks.evaluate(check, c.expect(), read));
            } catch (RuntimeException ex) {
                checks.put(check, List.of(new Checks.Mismatch(check, "(evaluated)", "check threw " + ex)));
            }
        }
        results.add(new Result(c, checks, error, millis));
    }

    void shutdown() {
        executor.shutdownNow();
    }

    // ================================================================== tallies

    Map<String, Tally> perCheck() {
        Map<String, Tally> out = new LinkedHashMap<>();
        for (String check : Checks.ALL) out.put(check, new Tally());
        for (Result r : results) r.checks().forEach((check, mm) -> out.get(check).add(mm.isEmpty()));
        return out;
    }

    Map<String, Map<String, Tally>> perSourceAndCheck(List<String> sources) {
        Map<String, Map<String, Tally>> out = new LinkedHashMap<>();
        for (String s : sources) {
            Map<String, Tally> row = new LinkedHashMap<>();
            for (String check : Checks.ALL) row.put(check, new Tally());
            out.put(s, row);
        }
        for (Result r : results) {
            Map<String, Tally> row = out.get(r.c().source());
            r.checks().forEach((check, mm) -> row.get(check).add(mm.isEmpty()));
        }
        return out;
    }

    // ================================================================== report

    String report(Path corpus, List<String> sources, Map<String, Integer> casesPerSource) {
        StringBuilder sb = new StringBuilder();
        Map<String, Tally> perCheck = perCheck();
        long fullyPassing = results.stream().filter(Result::passed).count();
        sb.append("Postdesk mail corpus report\n");
        sb.append("corpus: ").append(corpus).append('\n');
        sb.append(String.format(Locale.ROOT, "cases: %d from %d sources; fully passing (every check): %d (%s)%n%n",
                results.size(), sources.size(), fullyPassing, pct((double) fullyPassing / Math.max(1, results.size()))));

        sb.append("Per check (all sources)\n");
        sb.append(String.format(Locale.ROOT, "  %-17s %10s %8s %8s %8s  %s%n", "check", "pass/total", "rate", "target", "gap", "what is compared"));
        for (String check : Checks.ALL) {
            Tally t = perCheck.get(check);
            Double target = Checks.TARGETS.get(check);
            String gap = target == null || t.total == 0 ? "" : t.rate() >= target ? "met" : pct(t.rate() - target);
            sb.append(String.format(Locale.ROOT, "  %-17s %10s %8s %8s %8s  %s%n", check, t.pass + "/" + t.total, pct(t.rate()),
                    target == null ? "-" : ">=" + pct(target), gap, Checks.DESCRIPTIONS.get(check)));
        }

        sb.append("\nPer source (pass/total per check; '.' = the source states nothing for that check)\n");
        Map<String, Map<String, Tally>> grid = perSourceAndCheck(sources);
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-30s %5s %6s", "source", "cases", "all-ok"));
        for (String check : Checks.ALL) head.append(String.format(Locale.ROOT, " %15s", check));
        sb.append(head).append('\n');
        for (String s : sources) {
            long ok = results.stream().filter(r -> r.c().source().equals(s) && r.passed()).count();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-30s %5d %6d", s, casesPerSource.getOrDefault(s, 0), ok));
            for (String check : Checks.ALL) {
                Tally t = grid.get(s).get(check);
                line.append(String.format(Locale.ROOT, " %15s", t.total == 0 ? "." : t.pass + "/" + t.total + " " + pct0(t.rate())));
            }
            sb.append(line).append('\n');
        }

        sb.append("\nSlowest cases\n");
        results.stream().sorted(Comparator.comparingLong(Result::millis).reversed()).limit(5)
                .forEach(r -> sb.append(String.format(Locale.ROOT, "  %6d ms  %s/%s%n", r.millis(), r.c().source(), r.c().id())));

        sb.append("\nNot checked (stated by the corpus but not observable through MailReader, or policy-dependent)\n");
        Map<String, Set<String>> notes = new LinkedHashMap<>();
        for (Result r : results) {
            for (String n : r.c().notes()) notes.computeIfAbsent(r.c().source(), k -> new LinkedHashSet<>()).add(n.replaceAll("^[^:]*_decoded_[^:]*: ", ""));
        }
        notes.forEach((s, ns) -> ns.stream().limit(12).forEach(n -> sb.append("  ").append(s).append(": ").append(n).append('\n')));
        return sb.toString();
    }

    String failures() {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (Result r : results) {
            for (Map.Entry<String, List<Checks.Mismatch>> e : r.checks().entrySet()) {
                if (e.getValue().isEmpty()) continue;
                n++;
                sb.append(r.c().source()).append(" | ").append(r.c().id()).append(" | ").append(e.getKey()).append('\n');
                for (Checks.Mismatch m : e.getValue()) {
                    // long values that agree at first are shown from shortly before where they part
                    String x = escape(m.expected());
                    String a = escape(m.actual());
                    int common = 0;
                    while (common < x.length() && common < a.length() && x.charAt(common) == a.charAt(common)) common++;
                    int from = common > 120 ? common - 60 : 0;
                    String skipped = from > 0 ? "[first " + from + " chars equal] …" : "";
                    sb.append("    ").append(m.what()).append('\n');
                    sb.append("      expected: ").append(skipped).append(cut(x.substring(from), m.expected().length())).append('\n');
                    sb.append("      actual:   ").append(skipped).append(cut(a.substring(from), m.actual() == null ? 4 : m.actual().length())).append('\n');
                }
            }
        }
        return "# " + n + " failing (case, check) pairs; strings shown with \\n for line breaks, cut at " + SHOW + " chars\n\n" + sb;
    }

    /** One line per (case, check): source, case, check, pass|FAIL, for diffing runs. */
    String resultsTsv() {
        StringBuilder sb = new StringBuilder("source\tcase\tcheck\tresult\n");
        for (Result r : results) {
            r.checks().forEach((check, mm) -> sb.append(r.c().source()).append('\t').append(r.c().id().replace('\t', ' '))
                    .append('\t').append(check).append('\t').append(mm.isEmpty() ? "pass" : "FAIL").append('\n'));
        }
        return sb.toString();
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static String escape(String s) {
        return s == null ? "null" : s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    private static String cut(String v, int originalLength) {
        return v.length() > SHOW ? v.substring(0, SHOW) + "… (" + originalLength + " chars)" : v;
    }

    static String pct(double rate) {
        return Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    private static String pct0(double rate) {
        return Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.0f%%", rate * 100);
    }
}
