package postdesk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.cli.Main;
import postdesk.testing.MailWorld;

/**
 * {@code postdesk import --mbox} on a generated archive: a year of support mail (threads of a
 * customer's question, an agent's answer for most, a follow-up for some), imported once and then
 * again. Reports the time per run, mails per second and the heap. Run:
 * {@code mvn -B -Pbench verify -DskipITs -Dtest=ImportBenchmark}; results in {@code target/bench/import.txt}.
 */
@Tag("benchmark")
class ImportBenchmark {
    private static final DateTimeFormatter RFC5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT);
    private final int threads = Integer.getInteger("bench.threads", 4_000);

    @TempDir
    Path dir;

    @Test
    void importAYearOfSupportMail() throws Exception {
        Path mbox = dir.resolve("support.mbox");
        int mails = write(mbox);
        try (MailWorld world = new MailWorld(dir)) {
            Map<String, String> env = world.env();
            Report report = new Report("import benchmark");
            report.machine();
            report.section("archive: " + mails + " mails in " + threads + " threads over a year, "
                    + Files.size(mbox) / 1024 / 1024 + " MB, H2 file database");
            for (String run : new String[] {"first run", "second run"}) {
                long t0 = System.nanoTime();
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int code = Main.execute(new String[] {"import", "--mbox", mbox.toString()}, env, new PrintWriter(out, true), new PrintWriter(err, true));
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertThat(code).as(err.toString()).isZero();
                report.line(run, "%.1f s, %.0f mails/s: %s", seconds, mails / seconds, out.toString().lines().findFirst().orElse(""));
                report.memory("after " + run);
            }
            report.rss();
            report.print(Path.of("target", "bench", "import.txt"));
        }
    }

    /** Writes the archive in file order = date order, as a mail client exports it; returns the number of mails. */
    private int write(Path file) throws Exception {
        Random random = new Random(20261122);
        Instant start = Instant.parse("2025-11-01T08:00:00Z");
        int count = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int t = 0; t < threads; t++) {
                Instant asked = start.plusSeconds((long) t * 365 * 86_400 / threads);
                String customer = "customer" + random.nextInt(threads / 2) + "@shop" + random.nextInt(200) + ".test";
                String subject = "Question " + t + " about order " + random.nextInt(1_000_000);
                String question = "<q" + t + "@customer.test>";
                count += mail(w, customer, subject, asked, question, null, "Hello,\n\nmy order " + t + " has not arrived.\n\nRegards");
                if (random.nextInt(10) < 8) {
                    String answer = "<a" + t + "@helpdesk.test>";
                    Instant answered = asked.plusSeconds(600 + random.nextInt(20_000));
                    count += mail(w, MailWorld.AGENT1, "Re: " + subject, answered, answer, question,
                            "It left the warehouse today.\n\n> my order " + t + " has not arrived.");
                    if (random.nextInt(10) < 3) {
                        count += mail(w, customer, "Re: " + subject, answered.plusSeconds(3600), "<f" + t + "@customer.test>", answer,
                                "Thanks, it came.\n\n> It left the warehouse today.");
                    }
                }
            }
        }
        return count;
    }

    private static int mail(BufferedWriter w, String from, String subject, Instant date, String id, String inReplyTo, String body) throws Exception {
        w.write("From " + from + " " + ASCTIME.format(date.atZone(ZoneOffset.UTC)) + "\n");
        w.write("From: " + from + "\nTo: " + MailWorld.SUPPORT + "\nSubject: " + subject + "\nDate: "
                + RFC5322.format(date.atZone(ZoneOffset.UTC)) + "\nMessage-ID: " + id + "\n");
        if (inReplyTo != null) w.write("In-Reply-To: " + inReplyTo + "\nReferences: " + inReplyTo + "\n");
        w.write("Content-Type: text/plain; charset=UTF-8\n\n" + body + "\n\n");
        return 1;
    }
}
