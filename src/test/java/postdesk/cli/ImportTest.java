package postdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static postdesk.store.schema.Tables.MESSAGE;
import static postdesk.store.schema.Tables.OUTBOX;
import static postdesk.store.schema.Tables.TICKET;
import static postdesk.testing.MailWorld.AGENT1;
import static postdesk.testing.MailWorld.AGENT2;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.BOB;
import static postdesk.testing.MailWorld.SUPPORT;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import postdesk.config.PostdeskConfig;
import postdesk.store.Database;
import postdesk.testing.MailWorld;

/** {@code postdesk import --mbox}: an archive becomes tickets as if it had arrived, answers nobody, and a second run changes nothing. */
class ImportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Alice's thread (her reply is filed before the agent's answer), Bob's answered question and its auto-reply, a mail without Message-ID, a mail without sender. */
    private static final String ARCHIVE = String.join("\n",
            mail("Mon Mar  2 09:00:00 2026", ALICE, "Printer on fire", "Mon, 2 Mar 2026 09:00:00 +0000", "<a1@customer.test>", null,
                    "It smokes.\n\nAlice"),
            mail("Tue Mar  3 08:00:00 2026", ALICE, "Re: Printer on fire", "Tue, 3 Mar 2026 08:00:00 +0000", "<a2@customer.test>",
                    "<r1@helpdesk.test>", "Still burning.\n\n> Have you tried turning it off?"),
            mail("Mon Mar  2 10:00:00 2026", AGENT1, "Re: Printer on fire", "Mon, 2 Mar 2026 10:00:00 +0000", "<r1@helpdesk.test>",
                    "<a1@customer.test>", "Have you tried turning it off?"),
            mail("Thu Mar  5 09:00:00 2026", BOB, "Invoice question", "Thu, 5 Mar 2026 09:00:00 +0000", "<b1@customer.test>", null,
                    "Where is my invoice?"),
            mail("Thu Mar  5 12:00:00 2026", AGENT2, "Re: Invoice question", "Thu, 5 Mar 2026 12:00:00 +0000", "<r2@helpdesk.test>",
                    "<b1@customer.test>", "Attached to your account page."),
            mail("Thu Mar  5 12:01:00 2026", BOB, "Out of office: Re: Invoice question", "Thu, 5 Mar 2026 12:01:00 +0000",
                    "<ooo@customer.test>\nAuto-Submitted: auto-replied", "<r2@helpdesk.test>", "I am away until Monday."),
            mail("Tue Mar 10 14:00:00 2026", "carol@other.test", "Hello", "Tue, 10 Mar 2026 14:00:00 +0000", null, null,
                    "Hello,\n>From my desk I cannot log in."),
            "From nobody Wed Mar 11 09:00:00 2026\nSubject: no sender\nDate: Wed, 11 Mar 2026 09:00:00 +0000\n"
                    + "Message-ID: <q1@nowhere.test>\n\nWho wrote this?\n");

    private static String mail(String separatorDate, String from, String subject, String date, String messageId, String inReplyTo, String body) {
        return "From " + from + " " + separatorDate + "\n"
                + "From: " + from + "\nTo: " + SUPPORT + "\nSubject: " + subject + "\nDate: " + date + "\n"
                + (messageId == null ? "" : "Message-ID: " + messageId + "\n")
                + (inReplyTo == null ? "" : "In-Reply-To: " + inReplyTo + "\nReferences: " + inReplyTo + "\n")
                + "Content-Type: text/plain; charset=UTF-8\n\n" + body + "\n";
    }

    @Test
    void anArchiveBecomesItsTicketsAtTheirOwnDatesAndNobodyIsMailed() throws Exception {
        Path mbox = dir.resolve("support.mbox");
        Files.writeString(mbox, ARCHIVE, StandardCharsets.UTF_8);
        try (MailWorld world = new MailWorld(dir)) {
            Map<String, String> env = world.env();

            ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("postdesk");
            ch.qos.logback.classic.Level levelBefore = logger.getLevel();
            CliTest.Result first = CliTest.run(env, "import", "--mbox", mbox.toString());
            assertThat(first.code()).as(first.err()).isZero();
            assertThat(logger.getLevel()).as("the import's quieter log ends with it").isEqualTo(levelBefore);
            assertThat(first.out()).contains("8 mails: 3 new tickets, 4 added to tickets, 0 already imported", "1 quarantined",
                    "nobody was mailed", "postdesk quarantine list");
            assertThat(first.err()).contains("importing 8 mails").contains("[" + "#".repeat(30) + "] 8/8 100%");

            Map<String, JsonNode> byRequester = exportAll(env);
            assertThat(byRequester).containsOnlyKeys(ALICE, BOB, "carol@other.test");

            JsonNode alice = byRequester.get(ALICE);
            assertThat(alice.path("created").asText()).isEqualTo("2026-03-02T09:00:00Z");
            assertThat(alice.path("updated").asText()).isEqualTo("2026-03-03T08:00:00Z");
            assertThat(alice.path("status").asText()).isEqualTo("OPEN"); // the customer answered the agent
            assertThat(alice.path("messages")).extracting(m -> m.path("direction").asText() + " " + m.path("created").asText())
                    .containsExactly("in 2026-03-02T09:00:00Z", "out 2026-03-02T10:00:00Z", "in 2026-03-03T08:00:00Z");
            assertThat(alice.at("/sla/response/met_at").asText()).isEqualTo("2026-03-02T10:00:00Z");
            assertThat(alice.path("events").toString()).contains("imported from an archive");

            JsonNode bob = byRequester.get(BOB);
            assertThat(bob.path("messages")).hasSize(3);
            assertThat(events(bob)).anyMatch(e -> e.startsWith("machine_mail 2026-03-05T12:01:00Z")); // the auto-reply, changing nothing
            // unanswered for 48 h after the agent's answer: closed then, as the daemon would have; no reminder was sent
            assertThat(bob.path("status").asText()).isEqualTo("CLOSED");
            assertThat(events(bob)).anyMatch(e -> e.startsWith("status 2026-03-07T12:00:00Z AWAITING_CUSTOMER -> CLOSED"))
                    .noneMatch(e -> e.startsWith("reminder_sent"));

            JsonNode carol = byRequester.get("carol@other.test");
            assertThat(carol.path("messages").get(0).path("text").asText()).contains("From my desk I cannot log in.");
            assertThat(events(carol)).anyMatch(e -> e.startsWith("sla_breach")); // history as it was, silently

            PostdeskConfig config = world.config();
            int tickets;
            int messages;
            try (Database db = Database.open(config.database().url(), config.database().user(), config.database().password())) {
                assertThat(db.dsl().fetchCount(OUTBOX)).isZero();
                tickets = db.dsl().fetchCount(TICKET);
                messages = db.dsl().fetchCount(MESSAGE);
            }
            CliTest.Result quarantined = CliTest.run(env, "quarantine", "list");
            assertThat(quarantined.out()).contains("q1@nowhere.test").contains("no sender address");

            CliTest.Result second = CliTest.run(env, "import", "--mbox", mbox.toString());
            assertThat(second.code()).as(second.err()).isZero();
            assertThat(second.out()).contains("8 mails: 0 new tickets, 0 added to tickets, 8 already imported", "0 quarantined");
            try (Database db = Database.open(config.database().url(), config.database().user(), config.database().password())) {
                assertThat(db.dsl().fetchCount(TICKET)).isEqualTo(tickets);
                assertThat(db.dsl().fetchCount(MESSAGE)).isEqualTo(messages);
                assertThat(db.dsl().fetchCount(OUTBOX)).isZero();
            }

            // the daemon then finds nothing due and nothing to send: the archive's people hear nothing
            world.clock.set(Instant.now());
            world.start();
            world.daemon().fireTimers();
            Thread.sleep(Duration.ofSeconds(1).toMillis());
            world.stop();
            assertThat(world.greenMail.getReceivedMessages()).isEmpty();
        }
    }

    /** Every .eml of the shared corpus in one mboxrd archive: each mail is accounted for, and a second run finds them all. */
    @Test
    void theWholeCorpusImportsAndReimportsAsNothingNew() throws Exception {
        Path corpus = Path.of(System.getProperty("postdesk.shared", "../shared"), "mail-corpus");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(corpus), "no mail corpus at " + corpus + ": SKIPPED");
        List<Path> emls;
        try (var files = Files.walk(corpus)) {
            emls = files.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
        Path mbox = dir.resolve("corpus.mbox");
        try (var out = Files.newOutputStream(mbox)) {
            for (Path eml : emls) {
                String text = Files.readString(eml, StandardCharsets.ISO_8859_1).replaceAll("(?m)^(>*From )", ">$1");
                out.write(("From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n" + text + (text.endsWith("\n") ? "" : "\n") + "\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        try (MailWorld world = new MailWorld(dir)) {
            CliTest.Result first = CliTest.run(world.env(), "import", "--mbox", mbox.toString());
            assertThat(first.code()).as(first.err()).isZero();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) mails: (\\d+) new tickets, (\\d+) added to tickets, "
                    + "(\\d+) already imported, (\\d+) ignored .*, (\\d+) quarantined").matcher(first.out());
            assertThat(m.find()).as(first.out()).isTrue();
            int total = Integer.parseInt(m.group(1));
            int accounted = 0;
            for (int g = 2; g <= 6; g++) accounted += Integer.parseInt(m.group(g));
            assertThat(total).isEqualTo(emls.size());
            assertThat(accounted).as(first.out()).isEqualTo(total);
            assertThat(Integer.parseInt(m.group(2))).as("tickets from the corpus").isGreaterThan(total / 2);

            CliTest.Result second = CliTest.run(world.env(), "import", "--mbox", mbox.toString());
            assertThat(second.out()).contains(total + " mails: 0 new tickets, 0 added to tickets, " + total + " already imported");
            PostdeskConfig config = world.config();
            try (Database db = Database.open(config.database().url(), config.database().user(), config.database().password())) {
                assertThat(db.dsl().fetchCount(OUTBOX)).isZero();
            }
        }
    }

    /**
     * The common migration: a shared support@ mailbox whose people answered from it. Its inbox and
     * its sent folder, given together, interleave by date; a reply from support@ on a thread is an
     * agent's answer, Postdesk's own mail (X-Loop) and support@ mail on no thread are not.
     */
    @Test
    void aSharedMailboxsInboxAndSentFolderImportTogether() throws Exception {
        Path inbox = dir.resolve("inbox.mbox");
        Files.writeString(inbox, String.join("\n",
                mail("Mon Mar  2 09:00:00 2026", ALICE, "Printer on fire", "Mon, 2 Mar 2026 09:00:00 +0000", "<a1@customer.test>", null,
                        "It smokes."),
                mail("Tue Mar  3 08:00:00 2026", ALICE, "Re: Printer on fire", "Tue, 3 Mar 2026 08:00:00 +0000", "<a2@customer.test>",
                        "<s1@helpdesk.test>", "Still burning.")));
        Path sent = dir.resolve("sent.mbox");
        Files.writeString(sent, String.join("\n",
                mail("Mon Mar  2 10:00:00 2026", SUPPORT, "Re: Printer on fire", "Mon, 2 Mar 2026 10:00:00 +0000", "<s1@helpdesk.test>",
                        "<a1@customer.test>", "Unplug it, please."),
                mail("Mon Mar  2 11:00:00 2026", SUPPORT, "Our new opening hours", "Mon, 2 Mar 2026 11:00:00 +0000", "<s2@helpdesk.test>",
                        null, "We open at nine."),
                mail("Mon Mar  2 12:00:00 2026", SUPPORT, "Re: Printer on fire", "Mon, 2 Mar 2026 12:00:00 +0000",
                        "<s3@helpdesk.test>\nX-Loop: " + SUPPORT, "<a1@customer.test>", "An acknowledgement a helpdesk sent.")));
        try (MailWorld world = new MailWorld(dir)) {
            CliTest.Result result = CliTest.run(world.env(), "import", "--mbox", inbox.toString(), "--mbox", sent.toString());
            assertThat(result.code()).as(result.err()).isZero();
            assertThat(result.out()).contains("5 mails: 1 new tickets, 2 added to tickets, 0 already imported, 2 ignored");
            JsonNode alice = exportAll(world.env()).get(ALICE);
            assertThat(alice.path("messages")).extracting(m -> m.path("direction").asText() + " " + m.path("from").asText())
                    .containsExactly("in " + ALICE, "out " + SUPPORT, "in " + ALICE);
            assertThat(alice.at("/sla/response/met_at").asText()).isEqualTo("2026-03-02T10:00:00Z");
            assertThat(alice.path("status").asText()).isEqualTo("OPEN");
        }
    }

    /** {@code --live}: mail that missed the mailbox (an MTA's fallback mbox) is answered as if it arrived now. */
    @Test
    void liveMailIsAnsweredWhenTheDaemonRuns() throws Exception {
        Path mbox = dir.resolve("fallback.mbox");
        Files.writeString(mbox, mail("Sun Nov 22 08:00:00 2026", ALICE, "Login fails", "Sun, 22 Nov 2026 08:00:00 +0000",
                "<l1@customer.test>", null, "Cannot log in.") + "\n"
                + mail("Sun Nov 22 08:05:00 2026", BOB, "Invoice", "Sun, 22 Nov 2026 08:05:00 +0000", "<l2@customer.test>", null, "Where?"));
        try (MailWorld world = new MailWorld(dir)) {
            CliTest.Result first = CliTest.run(world.env(), "import", "--live", "--mbox", mbox.toString());
            assertThat(first.code()).as(first.err()).isZero();
            // each: an acknowledgement and a notification to each of the two agents
            assertThat(first.out()).contains("2 mails: 2 new tickets", "6 mails queued, sent when the daemon runs");
            CliTest.Result again = CliTest.run(world.env(), "import", "--live", "--mbox", mbox.toString());
            assertThat(again.out()).contains("2 already imported", "0 mails queued");

            world.clock.set(Instant.now()); // the daemon's frozen clock after the CLI's queue times
            world.start();
            assertThat(world.awaitInbox(ALICE, 1).get(0).getSubject()).contains("Login fails").containsPattern("\\[TKT-");
            assertThat(world.awaitInbox(BOB, 1)).hasSize(1);
            assertThat(world.awaitInbox(AGENT1, 2)).hasSize(2);
        }
    }

    @Test
    void aMissingFileOrAFileThatIsNotAnMboxIsAUsageError() throws Exception {
        try (MailWorld world = new MailWorld(dir)) {
            CliTest.Result missing = CliTest.run(world.env(), "import", "--mbox", dir.resolve("nope.mbox").toString());
            assertThat(missing.code()).isEqualTo(2);
            assertThat(missing.err()).contains("cannot read").contains("nope.mbox");
            Path eml = dir.resolve("one.eml");
            Files.writeString(eml, "From: a@b.test\nSubject: x\n\nbody\n");
            CliTest.Result notMbox = CliTest.run(world.env(), "import", "--mbox", eml.toString());
            assertThat(notMbox.code()).isEqualTo(2);
            assertThat(notMbox.err()).contains("one.eml is not an mbox file");
        }
    }

    private static Map<String, JsonNode> exportAll(Map<String, String> env) throws Exception {
        CliTest.Result all = CliTest.run(env, "export", "--all");
        assertThat(all.code()).as(all.err()).isZero();
        Map<String, JsonNode> byRequester = new java.util.HashMap<>();
        for (String line : all.out().lines().toList()) {
            JsonNode t = JSON.readTree(line);
            byRequester.put(t.path("requester").asText(), t);
        }
        return byRequester;
    }

    private static List<String> events(JsonNode ticket) {
        return java.util.stream.StreamSupport.stream(ticket.path("events").spliterator(), false)
                .map(e -> e.path("kind").asText() + " " + e.path("created").asText() + " " + e.path("detail").asText())
                .collect(Collectors.toList());
    }
}
