package postdesk.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static postdesk.crash.CrashChecks.one;
import static postdesk.crash.CrashChecks.question;
import static postdesk.crash.CrashChecks.recipient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import postdesk.testing.SharedPostgres;

/**
 * Issue 16: three daemons (the real jar, each its own process) on one PostgreSQL and one support
 * mailbox holding 1,000 mails; the daemon holding the mailbox is SIGKILLed again and again (a fresh
 * one started each time, so three run throughout). Afterwards every mail is exactly one ticket and
 * every acknowledgement went out once or twice; the takeover times are printed.
 */
class ClusterCrashIT {
    static final int MAILS = Integer.getInteger("cluster.mails", 1000);
    static final int KILLS = Integer.getInteger("cluster.kills", 5);
    static final long SEED = Long.getLong("crash.seed", 20261207L);
    static final String SUPPORT = "support@helpdesk.test";
    static final String AGENT = "agent1@helpdesk.test";

    @TempDir
    Path dir;
    GreenMail greenMail;
    final List<Process> daemons = new ArrayList<>();
    String jdbcUrl;

    @AfterEach
    void stop() {
        daemons.forEach(Process::destroyForcibly);
        if (greenMail != null) greenMail.stop();
    }

    /** A fresh database and a mail server with {@code mails} waiting in each of {@code mailboxes}. */
    private List<GreenMailUser> setUp(String database, int mails, String... mailboxes) throws Exception {
        EmbeddedPostgres postgres = SharedPostgres.get();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        jdbcUrl = postgres.getJdbcUrl("postgres", database);
        greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        greenMail.start();
        greenMail.setUser(AGENT, AGENT, "agent1");
        Session plain = Session.getInstance(new Properties());
        List<GreenMailUser> users = new ArrayList<>();
        for (String address : mailboxes) {
            GreenMailUser user = greenMail.setUser(address, address, address.substring(0, address.indexOf('@')));
            for (int i = 0; i < mails; i++) {
                user.deliver(new MimeMessage(plain, new ByteArrayInputStream(question(address, i).getBytes(StandardCharsets.UTF_8))));
            }
            users.add(user);
        }
        return users;
    }

    @Test
    void theMailboxHoldersDeathsLoseNoMailAndMakeNoTicketTwice() throws Exception {
        GreenMailUser support = setUp("cluster_crash", MAILS, SUPPORT).get(0);

        // every ticket's first-response clock warns after 10 s and breaches after 15 s: timers fire throughout the kills
        Map<String, String> timers = Map.of("POSTDESK_SLA_TARGETS", "NORMAL=15s/1h 24x7", "POSTDESK_SLA_WARN_BEFORE", "5s",
                "POSTDESK_TIMERS_INTERVAL", "1s");
        killTheHolderAgainAndAgain(timers);

        awaitDone(Duration.ofMinutes(10), MAILS);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
                return greenMail.getManagers().getImapHostManager().getInbox(support).getMessageCount() == 0
                        && one(c, "SELECT COUNT(DISTINCT ticket_id) FROM ticket_event WHERE kind = 'sla_breach'") >= MAILS
                        && one(c, "SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'") == 0;
            }
        });
        for (Process d : daemons) d.destroy(); // SIGTERM
        for (Process d : daemons) assertThat(d.waitFor(40, TimeUnit.SECONDS)).isTrue();

        Map<String, Long> acks = java.util.Arrays.stream(greenMail.getReceivedMessages())
                .filter(m -> recipient(m).startsWith("customer"))
                .collect(Collectors.groupingBy(CrashChecks::recipient, Collectors.counting()));
        assertThat(acks).as("a log:%n%s", tail()).hasSize(MAILS);
        assertThat(acks.values()).allMatch(n -> n >= 1 && n <= 2);
        System.out.println("acknowledgements sent twice: " + acks.values().stream().filter(n -> n == 2).count() + " of " + MAILS);
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            assertThat(one(c, "SELECT COUNT(*) FROM ticket")).isEqualTo(MAILS);
            assertThat(one(c, "SELECT COUNT(DISTINCT message_id) FROM message WHERE direction = 'in'")).isEqualTo(MAILS);
            assertThat(one(c, "SELECT COUNT(*) FROM message WHERE direction = 'in'")).isEqualTo(MAILS);
            assertThat(one(c, "SELECT COUNT(*) FROM outbox WHERE kind = 'ACKNOWLEDGEMENT'")).isEqualTo(MAILS);
            assertThat(one(c, "SELECT COUNT(*) FROM quarantine")).isZero();
            // no timer fired twice, and every one fired: one warning and one breach per ticket
            assertThat(one(c, "SELECT COUNT(*) FROM ticket_event WHERE kind = 'sla_breach'")).isEqualTo(MAILS);
            assertThat(one(c, "SELECT COUNT(*) FROM ticket_event WHERE kind = 'sla_warning'")).isEqualTo(MAILS);
            assertThat(one(c, "SELECT COUNT(DISTINCT ticket_id) FROM ticket_event WHERE kind = 'sla_breach'")).isEqualTo(MAILS);
            assertThat(one(c, "SELECT COUNT(DISTINCT ticket_id) FROM ticket_event WHERE kind = 'sla_warning'")).isEqualTo(MAILS);
        }
        assertThat(greenMail.getManagers().getImapHostManager().getInbox(support).getMessageCount()).isZero();
    }

    /** Three daemons run throughout; the one holding the mailbox is SIGKILLed {@link #KILLS} times, a fresh one started each time. */
    private void killTheHolderAgainAndAgain(Map<String, String> extra) throws Exception {
        for (int i = 0; i < 3; i++) start(i, extra);
        Random random = new Random(SEED);
        List<String> takeovers = new ArrayList<>();
        for (int kill = 1; kill <= KILLS; kill++) {
            Optional<Process> owner = awaitOwner(Duration.ofSeconds(60));
            assertThat(owner).as("a daemon holds the mailbox").isPresent();
            Thread.sleep(1000 + random.nextInt(3000)); // mid-ingest (or mid-sending, later on)
            owner.get().destroyForcibly(); // SIGKILL
            assertThat(owner.get().waitFor(10, TimeUnit.SECONDS)).isTrue();
            long killed = System.nanoTime();
            daemons.remove(owner.get());
            start(2 + kill, extra);
            Optional<Process> next = awaitOwner(Duration.ofSeconds(60));
            assertThat(next).as("another daemon takes the mailbox over").isPresent();
            takeovers.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed) + " ms");
        }
        System.out.println("takeover after each SIGKILL of the holder (lease.time 3s): " + takeovers + " (seed " + SEED + ")");
    }

    /**
     * The same against servers nobody here wrote: the interop Dovecot and Postfix, 1,000 mails from
     * the harness's two customers delivered through Postfix into the support INBOX, the
     * acknowledgements delivered by Postfix to the customers' own mailboxes.
     */
    @Test
    void onDovecotAndPostfixTooNoMailIsLostOrTicketedTwice() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(postdesk.testing.Interop.running(), "the interop mail servers are not running");
        List<String> customers = List.of("alice", "bob"); // the harness's customer accounts
        for (String c : customers) emptyInbox(c + "@customer.test");
        emptyInbox(SUPPORT);
        Properties smtp = new Properties();
        smtp.setProperty("mail.smtp.host", postdesk.testing.Interop.HOST);
        smtp.setProperty("mail.smtp.port", Integer.toString(postdesk.testing.Interop.SMTP_PORT));
        Session session = Session.getInstance(smtp);
        try (jakarta.mail.Transport transport = session.getTransport("smtp")) {
            transport.connect();
            for (int i = 0; i < MAILS; i++) {
                String from = customers.get(i % 2) + "@customer.test";
                MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(("From: " + from + "\r\nTo: " + SUPPORT
                        + "\r\nSubject: [cluster " + (i + 1) + "/" + MAILS + "] the printer\r\nMessage-ID: <cluster-dovecot-" + i + "-"
                        + System.nanoTime() + "@customer.test>\r\n\r\nQuestion " + (i + 1) + ".\r\n").getBytes(StandardCharsets.UTF_8)));
                transport.sendMessage(m, InternetAddress.parse(SUPPORT));
            }
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> count(SUPPORT) == MAILS);
        EmbeddedPostgres postgres = SharedPostgres.get();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE cluster_dovecot");
        }
        jdbcUrl = postgres.getJdbcUrl("postgres", "cluster_dovecot");
        Map<String, String> dovecot = new java.util.HashMap<>(postdesk.testing.Interop.mailServerEnv());
        dovecot.put("POSTDESK_AGENTS", "");
        dovecot.put("POSTDESK_RATELIMIT_SENDER", "off"); // two customers write 500 mails each
        dovecot.put("POSTDESK_AUTOREPLY_CAP", "off");
        killTheHolderAgainAndAgain(dovecot);
        awaitDone(Duration.ofMinutes(10), MAILS);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> count(SUPPORT) == 0);
        for (Process d : daemons) d.destroy(); // SIGTERM
        for (Process d : daemons) assertThat(d.waitFor(40, TimeUnit.SECONDS)).isTrue();

        Map<String, Long> acks = new java.util.HashMap<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            acks.clear();
            for (String c : customers) {
                for (String subject : subjects(c + "@customer.test")) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[cluster (\\d+)/").matcher(subject);
                    if (m.find()) acks.merge(m.group(1), 1L, Long::sum);
                }
            }
            return acks.size() >= MAILS;
        });
        assertThat(acks).hasSize(MAILS);
        assertThat(acks.values()).allMatch(n -> n >= 1 && n <= 2);
        System.out.println("Dovecot: acknowledgements sent twice: " + acks.values().stream().filter(n -> n == 2).count() + " of " + MAILS);
        for (String c : customers) emptyInbox(c + "@customer.test"); // the other interop tests read these mailboxes
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            assertThat(one(c, "SELECT COUNT(*) FROM ticket")).isEqualTo(MAILS);
            assertThat(one(c, "SELECT COUNT(DISTINCT message_id) FROM message WHERE direction = 'in'")).isEqualTo(MAILS);
            assertThat(one(c, "SELECT COUNT(*) FROM quarantine")).isZero();
        }
    }

    private static jakarta.mail.Store imap(String user) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.imap.connectiontimeout", "10000");
        p.setProperty("mail.imap.timeout", "30000");
        jakarta.mail.Store store = Session.getInstance(p).getStore("imap");
        store.connect(postdesk.testing.Interop.HOST, postdesk.testing.Interop.IMAP_PORT, user, user.substring(0, user.indexOf('@')));
        return store;
    }

    private static void emptyInbox(String user) throws Exception {
        jakarta.mail.Store store = imap(user);
        try {
            jakarta.mail.Folder inbox = store.getFolder("INBOX");
            inbox.open(jakarta.mail.Folder.READ_WRITE);
            for (Message m : inbox.getMessages()) m.setFlag(jakarta.mail.Flags.Flag.DELETED, true);
            inbox.close(true);
        } finally {
            store.close();
        }
    }

    private static int count(String user) throws Exception {
        jakarta.mail.Store store = imap(user);
        try {
            jakarta.mail.Folder inbox = store.getFolder("INBOX");
            inbox.open(jakarta.mail.Folder.READ_ONLY);
            int n = inbox.getMessageCount();
            inbox.close(false);
            return n;
        } finally {
            store.close();
        }
    }

    private static List<String> subjects(String user) throws Exception {
        jakarta.mail.Store store = imap(user);
        try {
            jakarta.mail.Folder inbox = store.getFolder("INBOX");
            inbox.open(jakarta.mail.Folder.READ_ONLY);
            Message[] all = inbox.getMessages();
            jakarta.mail.FetchProfile envelope = new jakarta.mail.FetchProfile();
            envelope.add(jakarta.mail.FetchProfile.Item.ENVELOPE);
            inbox.fetch(all, envelope);
            List<String> out = new ArrayList<>();
            for (Message m : all) out.add(m.getSubject());
            inbox.close(false);
            return out;
        } finally {
            store.close();
        }
    }

    /**
     * Throughput with 1, 2 and 3 daemons on two mailboxes of {@code cluster.bench.mails} mails each
     * (a benchmark, not run by the build: {@code -Dcluster.bench=true}): from the daemons' start until
     * every mail is a ticket and every acknowledgement sent.
     */
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "cluster.bench", matches = "true")
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3})
    void throughputWithSeveralDaemons(int count) throws Exception {
        int mails = Integer.getInteger("cluster.bench.mails", 1000);
        setUp("cluster_bench_" + count, mails, SUPPORT, "billing@helpdesk.test");
        Map<String, String> two = Map.of("POSTDESK_MAILBOXES", "support,billing",
                "POSTDESK_MAILBOX_BILLING_ADDRESS", "billing@helpdesk.test", "POSTDESK_MAILBOX_BILLING_IMAP_USER", "billing@helpdesk.test",
                "POSTDESK_MAILBOX_BILLING_IMAP_PASSWORD", "billing");
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) start(i, two);
        awaitTickets(Duration.ofMinutes(20), 2 * mails);
        double ticketed = (System.nanoTime() - start) / 1e9;
        awaitDone(Duration.ofMinutes(20), 2 * mails);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("BENCH %d daemon(s), 2 mailboxes x %d mails: all ticketed (acknowledgements queued) after %.1f s (%.0f mails/s),"
                + " everything sent (acknowledgements and agent notifications) after %.1f s%n", count, mails, ticketed, 2 * mails / ticketed, seconds);
        for (Process d : daemons) d.destroy();
        for (Process d : daemons) d.waitFor(40, TimeUnit.SECONDS);
    }

    private void start(int n, Map<String, String> extra) throws IOException {
        Path jar = Path.of("target", "postdesk.jar").toAbsolutePath();
        assertThat(jar).as("the jar (this test runs after package)").exists();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", jar.toString(), "run");
        pb.directory(Files.createDirectories(dir.resolve("work-" + n)).toFile());
        Map<String, String> env = pb.environment();
        if (greenMail != null) env.putAll(postdesk.testing.MailWorld.mailServerEnv(greenMail)); // else the extra names the servers
        env.put("POSTDESK_AGENTS", AGENT);
        env.put("POSTDESK_DB_URL", jdbcUrl);
        env.put("POSTDESK_DB_USER", "postgres");
        env.put("POSTDESK_HTTP_PORT", "0");
        env.put("POSTDESK_POLL_INTERVAL", "1s");
        env.put("POSTDESK_LEASE_TIME", "3s");
        env.put("POSTDESK_RATELIMIT_DOMAIN", "100000/1h"); // every customer shares one domain
        env.put("POSTDESK_ATTACHMENTS_DIR", dir.resolve("attachments").toString());
        env.putAll(extra);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("daemons.log").toFile()));
        daemons.add(pb.start());
    }

    /** The running daemon whose id (host-PID-random) holds the support mailbox's lease. */
    private Optional<Process> awaitOwner(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                 Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT owner FROM mailbox_lease WHERE mailbox = 'default'")) {
                if (r.next()) {
                    String owner = r.getString(1);
                    for (Process d : daemons) {
                        if (d.isAlive() && owner.contains("-" + d.pid() + "-")) return Optional.of(d);
                    }
                }
            } catch (java.sql.SQLException notYet) {
                // the schema is being made by the first daemon
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    private void awaitTickets(Duration limit, int tickets) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(100);
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
                if (one(c, "SELECT COUNT(*) FROM ticket") >= tickets) return;
            } catch (java.sql.SQLException notYet) {
                // the first daemon is still making the schema
            }
        }
        throw new AssertionError("not ticketed within " + limit + ":\n" + tail());
    }

    /** Until {@code tickets} tickets are made and nothing waits in the outbox. */
    private void awaitDone(Duration limit, int tickets) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
                if (one(c, "SELECT COUNT(*) FROM ticket") >= tickets && one(c, "SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'") == 0) {
                    return;
                }
            } catch (java.sql.SQLException notYet) {
                // the first daemon is still making the schema
            }
        }
        throw new AssertionError("not done within " + limit + ":\n" + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("daemons.log"));
        return lines.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).limit(30).collect(Collectors.joining("\n"))
                + "\n…\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
