package postdesk.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.store.schema.Tables.PROCESSED_MAIL;
import static postdesk.store.schema.Tables.TICKET;
import static postdesk.testing.MailWorld.BOB;
import static postdesk.testing.MailWorld.SUPPORT;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.user.GreenMailUser;

import postdesk.inbound.FetchedMail;
import postdesk.reading.MailReader;
import postdesk.store.MailLog;
import postdesk.store.MailLog.MailboxPosition;
import postdesk.testing.MailWorld;

/**
 * Hostile-but-legitimate mail ({@link HostileCorpus}: huge names and subjects, hundreds of
 * References, broken folding, odd and empty senders, every bounce and auto-reply shape, charset
 * mislabels, odd line ends, NULs, ...) all goes through the running daemon, and none of it may be
 * quarantined: each of these is mail that real servers and clients send, and quarantine means
 * nobody sees it. The only exceptions, which really carry no message and so may be quarantined
 * (see {@link HostileCorpus.Case#noMessage}): {@code no-message.headers-only} (a Date and a
 * Message-ID, nothing else: no sender, no subject, no body) and
 * {@code no-message.empty-from-subject-body} (From, Subject and body all empty); and a person's
 * mail with no sender address in From, Sender or Reply-To ({@code sender.missing},
 * {@code sender.empty-angle}, …), which has nobody to answer and is quarantined by rule. Machine
 * mail with no From (a bounce from {@code MAILER-DAEMON <>}) has its own route and must not be
 * quarantined.
 * Afterwards the daemon must be healthy and still acknowledge a normal mail.
 *
 * <p>The mail is delivered straight into the support INBOX through GreenMail's user API, so no
 * SMTP client rewrites it. GreenMail re-reads each mail with Jakarta Mail while storing it, which
 * writes the header block back with CRLF line ends (bodies stay byte for byte); the test prints
 * which cases the daemon saw altered that way.
 */
class HostileMailTest {
    private static final Pattern CASE = Pattern.compile(HostileMail.CASE_HEADER + ": ([A-Za-z0-9._-]+)");
    private static final String NORMAL_SUBJECT = "A normal mail after the hostile corpus";

    @TempDir
    Path dir;

    @Test
    void hostileButLegitimateMailIsNeverQuarantinedAndTheDaemonStaysHealthy() throws Exception {
        List<HostileCorpus.Case> corpus = HostileCorpus.all();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(150);
        Map<String, HostileCorpus.Case> byName = new LinkedHashMap<>();
        corpus.forEach(c -> byName.put(c.name(), c));
        List<String> problems = new ArrayList<>();

        try (MailWorld world = new MailWorld(dir)) {
            GreenMailUser support = world.greenMail.getUserManager().getUser(SUPPORT);
            Session session = Session.getInstance(new Properties());
            int delivered = 0;
            for (HostileCorpus.Case c : corpus) {
                try {
                    support.deliver(exactly(session, c.raw()));
                    delivered++;
                } catch (Exception e) {
                    problems.add("setup: GreenMail would not store " + c.name() + ": " + e);
                }
            }
            world.start();

            // generous: 2 MB-sized cases and a few hundred outgoing mails on a small shared machine
            try {
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> world.count(SUPPORT, "INBOX") == 0);
            } catch (ConditionTimeoutException e) {
                problems.add("stuck: " + world.count(SUPPORT, "INBOX") + " mails still in the INBOX after 10 minutes");
            }

            // what the daemon quarantined, by case, with its reason
            MailLog mailLog = new MailLog(world.daemon().db().dsl());
            Map<String, String> quarantined = new TreeMap<>();
            List<String> accepted = new ArrayList<>();
            for (MailLog.QuarantinedMail q : mailLog.quarantined(false)) {
                String name = caseName(q.raw());
                HostileCorpus.Case c = byName.get(name);
                if (c != null && c.noMessage() != null) {
                    accepted.add(name + " (" + c.noMessage() + "): " + q.reason());
                } else {
                    quarantined.put(name, firstPart(q.reason()));
                }
            }
            quarantined.forEach((name, reason) -> problems.add("quarantined " + name + ": " + reason));

            int processed = world.count(SUPPORT, "Processed");
            int inQuarantine = world.count(SUPPORT, "Quarantine");
            if (processed + inQuarantine != delivered) {
                problems.add("accounting: " + delivered + " delivered, but " + processed + " in Processed and " + inQuarantine + " in Quarantine");
            }
            Map<String, byte[]> seen = report(world, byName, quarantined, accepted);

            // GreenMail writes header blocks back with CRLF: for the cases it altered, the parser gets the exact bytes too
            MailReader reader = new MailReader();
            for (HostileCorpus.Case c : corpus) {
                byte[] stored = seen.get(c.name());
                if (c.noMessage() != null || stored == null || Arrays.equals(stored, c.raw())) continue;
                String exact = "exact bytes of " + c.name() + " (the daemon got them rewritten): ";
                try {
                    if (reader.read(c.raw()).mail().from().address().isEmpty()) problems.add(exact + "the parser finds no sender address in From");
                } catch (Exception | StackOverflowError e) {
                    problems.add(exact + "the parser throws " + e + " at " + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"));
                }
            }

            // the daemon still does its job for a normal mail
            world.send(BOB, "Bob Example", SUPPORT, NORMAL_SUBJECT, "Hello, is anyone there?");
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> world.inbox(BOB).stream().anyMatch(m -> subject(m).contains(NORMAL_SUBJECT) && subject(m).contains("[TKT-")));
            } catch (ConditionTimeoutException e) {
                problems.add("health: no acknowledgement of a normal mail within 60 s after the corpus; BOB's inbox: "
                        + world.inbox(BOB).stream().map(HostileMailTest::subject).toList());
            }

            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + world.daemon().httpPort() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode h = new ObjectMapper().readTree(health.body());
            if (health.statusCode() != 200 || !"ok".equals(h.path("status").asText())) {
                problems.add("health: GET /healthz answered " + health.statusCode() + " " + health.body());
            }
        }

        assertThat(problems)
                .withFailMessage("%d of %d hostile-but-legitimate mails went wrong:%n%s", problems.size(), corpus.size(), String.join("\n", problems))
                .isEmpty();
    }

    /** A MimeMessage that GreenMail stores as exactly these bytes (it copies through writeTo). */
    private static MimeMessage exactly(Session session, byte[] raw) throws Exception {
        return new MimeMessage(session, new ByteArrayInputStream(raw)) {
            @Override
            public void writeTo(OutputStream os) throws java.io.IOException {
                os.write(raw);
            }
        };
    }

    private static String caseName(byte[] raw) {
        Matcher m = CASE.matcher(new String(raw, 0, Math.min(raw.length, 4096), ISO_8859_1));
        return m.find() ? m.group(1) : "(unknown case, " + raw.length + " bytes)";
    }

    /**
     * Prints, per case, what became of it (from processed_mail, matched by the content hash of
     * the bytes the daemon fetched) and whether those bytes differ from the generated ones.
     */
    private static Map<String, byte[]> report(MailWorld world, Map<String, HostileCorpus.Case> byName, Map<String, String> quarantined,
                                              List<String> accepted) throws Exception {
        Map<String, String> outcomes = new HashMap<>();
        world.daemon().db().dsl().select(PROCESSED_MAIL.CONTENT_HASH, PROCESSED_MAIL.OUTCOME, PROCESSED_MAIL.TICKET_ID, TICKET.REQUESTER_ADDRESS)
                .from(PROCESSED_MAIL).leftJoin(TICKET).on(TICKET.ID.eq(PROCESSED_MAIL.TICKET_ID))
                .fetch().forEach(r -> outcomes.put(r.value1(), r.value2() + (r.value3() == null ? "" : " " + r.value3() + " for " + r.value4())));
        MailReader reader = new MailReader();
        Map<String, byte[]> seen = new HashMap<>();
        Map<String, String> lines = new TreeMap<>();
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", world.greenMail.getImap().getPort(), SUPPORT, "support");
        try {
            for (String folderName : List.of("Processed", "Quarantine")) {
                Folder folder = store.getFolder(folderName);
                if (!folder.exists()) continue;
                folder.open(Folder.READ_ONLY);
                for (Message m : folder.getMessages()) {
                    byte[] fetched;
                    try (InputStream in = ((IMAPMessage) m).getMimeStream()) {
                        fetched = in.readAllBytes();
                    }
                    String name = caseName(fetched);
                    seen.put(name, fetched);
                    HostileCorpus.Case c = byName.get(name);
                    String hash = FetchedMail.of(new MailboxPosition(folderName, 0, 0), fetched).contentHash();
                    String altered = c != null && !Arrays.equals(c.raw(), fetched) ? "  (bytes altered in storage)" : "";
                    lines.put(name, String.format("%-50s %-10s %-12s %s%s", name, folderName, kind(reader, fetched), outcomes.getOrDefault(hash, "?"), altered));
                }
                folder.close(false);
            }
        } finally {
            store.close();
        }
        StringBuilder b = new StringBuilder("---- hostile corpus: " + byName.size() + " cases, " + quarantined.size() + " wrongly quarantined\n");
        lines.values().forEach(l -> b.append(l).append('\n'));
        accepted.forEach(a -> b.append("quarantine accepted: ").append(a).append('\n'));
        quarantined.forEach((name, reason) -> b.append("QUARANTINED ").append(name).append(": ").append(reason).append('\n'));
        System.out.print(b);
        return seen;
    }

    private static String kind(MailReader reader, byte[] raw) {
        try {
            return reader.read(raw).kind().label();
        } catch (Exception e) {
            return "unreadable";
        }
    }

    /** A jOOQ DataException repeats its SQL statement after the driver's message: the first part says it all. */
    private static String firstPart(String reason) {
        int repeat = reason == null ? -1 : reason.indexOf("; SQL statement:");
        return repeat < 0 ? reason : reason.substring(0, repeat);
    }

    private static String subject(MimeMessage m) {
        try {
            String s = m.getSubject();
            return s == null ? "" : s;
        } catch (Exception e) {
            return "";
        }
    }
}
