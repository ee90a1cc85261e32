package postdesk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.SubjectTerm;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

import postdesk.config.PostdeskConfig;
import postdesk.daemon.Postdesk;
import postdesk.store.OutboxStore;

/**
 * The ingest benchmark against real servers nobody here wrote: Dovecot IMAP and Postfix SMTP from
 * {@code ../shared/interop} (skipped when they are not running). N mails are appended to the support
 * INBOX over IMAP, then the daemon starts and the time until every mail is a committed ticket with its
 * acknowledgement queued is measured; then M mails are sent one at a time through Postfix and the
 * time from the SMTP send returning to the acknowledgement in the customer's Dovecot mailbox is
 * measured (IMAP IDLE). Run: {@code mvn -B -Pbench verify -Dtest=DovecotBenchmark}; results in
 * {@code target/bench/dovecot.txt}.
 */
@Tag("benchmark")
class DovecotBenchmark {
    static final String HOST = "127.0.0.1";
    static final int IMAP_PORT = 1143;
    static final int SMTP_PORT = 2525;
    static final String SUPPORT = "support@helpdesk.test";
    static final String CUSTOMER = "bob@customer.test";

    private final int mails = Integer.getInteger("bench.mails", 1000);
    private final int latencyMails = Integer.getInteger("bench.latency.mails", 20);

    @TempDir
    Path dir;

    @Test
    void ingestAndLatencyAgainstDovecotAndPostfix() throws Exception {
        Assumptions.assumeTrue(postdesk.testing.Interop.running(), "the interop servers are not running");
        ((Logger) LoggerFactory.getLogger("postdesk")).setLevel(Level.WARN);
        String run = Long.toString(System.currentTimeMillis(), 36);
        empty(SUPPORT);
        empty(CUSTOMER);
        Session plain = Session.getInstance(new Properties());
        Message[] batch = new Message[mails];
        for (int i = 0; i < mails; i++) {
            String raw = "From: Bob <" + CUSTOMER + ">\r\nTo: " + SUPPORT + "\r\nSubject: Bench " + run + " " + i
                    + "\r\nMessage-ID: <bench-" + run + "-" + i + "@customer.test>\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                    + "The printer in room four shows error " + i + " again. ".repeat(40) + "\r\n";
            batch[i] = new MimeMessage(plain, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        }
        long a0 = System.nanoTime();
        withFolder(SUPPORT, "INBOX", f -> f.appendMessages(batch));
        Report report = new Report("ingest benchmark against Dovecot + Postfix (../shared/interop)");
        report.machine();
        report.section("(a) ingest: " + mails + " mails appended to the Dovecot INBOX, then the daemon started");
        report.line("append", "%d mails in %d ms", mails, (System.nanoTime() - a0) / 1_000_000);

        long t0 = System.nanoTime();
        try (Postdesk daemon = Postdesk.start(config(), Clock.systemUTC())) {
            var db = daemon.db().dsl();
            while (db.fetchCount(postdesk.store.schema.Tables.TICKET) < mails) Thread.sleep(20);
            long committed = System.nanoTime() - t0;
            while (new OutboxStore(db).backlog() > 0) Thread.sleep(20);
            long sent = System.nanoTime() - t0;
            report.line("all committed", "%d ms after start(): %.1f mails/s (tickets with acknowledgements queued)",
                    committed / 1_000_000, mails / (committed / 1e9));
            report.line("outbox drained", "%d ms after start(): %d mails handed to Postfix", sent / 1_000_000, mails * 2);

            report.section("(b) latency: " + latencyMails + " mails sent one at a time through Postfix, daemon on IMAP IDLE");
            long[] latency = new long[latencyMails];
            withFolder(CUSTOMER, "INBOX", inbox -> {
                for (int i = 0; i < latencyMails; i++) {
                    String subject = "Latency " + run + " " + i;
                    long s0 = send(subject);
                    while (inbox.search(new SubjectTerm(subject)).length == 0) Thread.sleep(5);
                    latency[i] = System.nanoTime() - s0;
                    Thread.sleep(200);
                }
            });
            report.line("", "%-28s %8s %8s %8s %8s %8s %8s", "from SMTP send returned to", "min", "p50", "p90", "p99", "max", "mean");
            report.percentiles("ack in customer's mailbox", latency);
            report.section("memory (this JVM: the daemon and the benchmark, no mail server)");
            report.memory("after the run");
            report.rss();
            assertThat(db.fetchCount(postdesk.store.schema.Tables.TICKET)).isEqualTo(mails + latencyMails);
        }
        report.print(Path.of("target", "bench", "dovecot.txt"));
    }

    private PostdeskConfig config() {
        Map<String, String> env = postdesk.testing.Interop.mailServerEnv();
        env.put("POSTDESK_AGENTS", "agent1@helpdesk.test");
        env.put("POSTDESK_DB_URL", "jdbc:h2:file:" + dir.resolve("db/postdesk").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        env.put("POSTDESK_HTTP_PORT", "0");
        // one customer writes all of it: the rate limits and the automatic-mail cap would (rightly) stop the acks
        env.put("POSTDESK_RATELIMIT_SENDER", "1000000/1h");
        env.put("POSTDESK_RATELIMIT_DOMAIN", "1000000/1h");
        env.put("POSTDESK_AUTOREPLY_CAP", "1000000/1h");
        env.put("POSTDESK_AUTOREPLY_TOTAL", "off"); // the benchmark measures Postdesk, not the cap
        return PostdeskConfig.load(dir.resolve("none.properties"), false, env);
    }

    private static long send(String subject) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", HOST);
        p.setProperty("mail.smtp.port", Integer.toString(SMTP_PORT));
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress(CUSTOMER));
        m.setRecipients(Message.RecipientType.TO, SUPPORT);
        m.setSubject(subject);
        m.setText("Hello, how fast is this?");
        Transport.send(m);
        return System.nanoTime();
    }

    interface FolderWork {
        void run(Folder f) throws Exception;
    }

    private static void withFolder(String user, String name, FolderWork work) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect(HOST, IMAP_PORT, user, user.substring(0, user.indexOf('@')));
        try {
            Folder f = store.getFolder(name);
            f.open(Folder.READ_WRITE);
            work.run(f);
            f.close(true);
        } finally {
            store.close();
        }
    }

    private static void empty(String user) throws Exception {
        withFolder(user, "INBOX", f -> {
            Message[] all = f.getMessages();
            if (all.length > 0) f.setFlags(all, new Flags(Flags.Flag.DELETED), true);
        });
    }
}
