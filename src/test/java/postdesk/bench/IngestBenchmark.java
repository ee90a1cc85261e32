package postdesk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static postdesk.store.schema.Tables.MESSAGE;
import static postdesk.store.schema.Tables.OUTBOX;
import static postdesk.store.schema.Tables.PROCESSED_MAIL;
import static postdesk.store.schema.Tables.QUARANTINE;
import static postdesk.store.schema.Tables.TICKET;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHandler;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

import postdesk.store.OutboxStore;
import postdesk.testing.MailWorld;

/**
 * Ingest benchmark of the whole mail loop, in process, over loopback GreenMail (SMTP + IMAP) and an
 * H2 file database, the same world as the end-to-end tests.
 *
 * <pre>
 *   mvn -B -Pbench verify -Dtest=IngestBenchmark                        # N=1000, M=50
 *   mvn -B -Pbench verify -Dtest=IngestBenchmark -Dbench.mails=5000 -Dbench.latency.mails=100
 * </pre>
 *
 * ({@code -Dtest=...} because Surefire's default includes ({@code *Test}, {@code Test*}, {@code *Tests},
 * {@code *TestCase}) do not match {@code *Benchmark}; with {@code <include>**}{@code /*Benchmark.java</include>}
 * in the {@code bench} profile's Surefire configuration, plain {@code mvn -B -Pbench verify} runs it.)
 *
 * <ol>
 *   <li><b>Ingest</b>: N distinct customer mails (a few KB each, distinct sender and Message-ID) are
 *   put straight into the support INBOX through GreenMail's API <em>before</em> the daemon starts;
 *   then the daemon is started and the support database is polled until all N are committed tickets
 *   with their acknowledgement queued, then until every acknowledgement (and every outbox mail) is
 *   SENT.</li>
 *   <li><b>Latency</b>: with the daemon idle on IMAP IDLE (poll interval 30 s, the shipped default, so
 *   IDLE and not polling is what is measured), M mails are sent one at a time over SMTP; for each the
 *   time from the SMTP send returning to (1) the acknowledgement committed in the outbox, (2) its
 *   outbox status SENT, (3) the acknowledgement in the customer's mailbox.</li>
 *   <li><b>Memory</b>: heap after the run (after GC) and the peak RSS of the test JVM (VmHWM), which
 *   includes GreenMail holding every mail in memory, and the test harness.</li>
 * </ol>
 *
 * Results go to stdout and to {@code target/bench/ingest.txt}. Only correctness is asserted (all
 * processed, nothing duplicated, nothing quarantined or failed); timings are reported, never asserted.
 *
 * <p>Before (a), the same ingest runs once with {@code bench.warmup.mails} mails against a throwaway
 * daemon and mail server, so that the JIT has compiled the hot paths; its cold-JVM rate is reported on
 * one line. Set it to 0 to measure a cold JVM.
 *
 * <p>Properties: {@code bench.mails} (1000), {@code bench.warmup.mails} (300), {@code bench.latency.mails} (50), {@code bench.body.bytes}
 * (3000), {@code bench.poll.interval} (30s), {@code bench.gap.ms} (200, pause between latency mails),
 * {@code bench.timeout.s} (900, safety net per phase), {@code bench.log} (WARN; INFO restores the
 * per-mail log lines), {@code bench.nodelay} (false; true puts GreenMail's IMAP and SMTP behind listeners
 * with TCP_NODELAY, see {@link NoDelayImapServer}), {@code bench.db.options} (appended to the H2 URL).
 * JVM options for the test JVM go through Surefire's {@code -DargLine=...}.
 */
@Tag("benchmark")
class IngestBenchmark {
    private static final String ACK = "ACKNOWLEDGEMENT";
    private static final String CUSTOMER_DOMAIN = "customers.test";
    private static final String[] WORDS = ("the printer in room four shows error code again after we replaced toner "
            + "yesterday and nobody can print invoices since this morning our accounting team needs them before noon "
            + "please advise whether a technician can come by or if there is a driver update we should install first "
            + "laptop vpn password reset mailbox quota calendar invite shared drive access denied slow network").split(" ");

    @TempDir
    Path dir;
    private Rig rig;
    private Level savedLevel;

    private final int mails = Integer.getInteger("bench.mails", 1000);
    private final int warmupMails = Integer.getInteger("bench.warmup.mails", 300);
    private final int latencyMails = Integer.getInteger("bench.latency.mails", 50);
    private final int bodyBytes = Integer.getInteger("bench.body.bytes", 3000);
    private final String pollInterval = System.getProperty("bench.poll.interval", "30s");
    private final long gapMillis = Long.getLong("bench.gap.ms", 200);
    private final Duration timeout = Duration.ofSeconds(Long.getLong("bench.timeout.s", 900));
    private final String dbOptions = System.getProperty("bench.db.options", "");
    private final boolean noDelay = Boolean.getBoolean("bench.nodelay");
    private final Level logLevel = Level.toLevel(System.getProperty("bench.log", "WARN"), Level.WARN);

    @BeforeEach
    void quietLogs() {
        Logger postdesk = (Logger) LoggerFactory.getLogger("postdesk");
        savedLevel = postdesk.getLevel();
        postdesk.setLevel(logLevel);
    }

    @AfterEach
    void stop() {
        if (rig != null) rig.close();
        ((Logger) LoggerFactory.getLogger("postdesk")).setLevel(savedLevel);
    }

    @Test
    void ingestThroughputIdleLatencyAndMemory() throws Exception {
        Report report = new Report("ingest benchmark");
        report.machine();
        report.line("parameters", "N=%d ingest mails (after %d warm-up mails), M=%d latency mails, body ~%d B, poll.interval=%s, log level %s",
                mails, warmupMails, latencyMails, bodyBytes, pollInterval, logLevel);
        if (!dbOptions.isEmpty()) report.line("db options", "%s", dbOptions);
        report.line("mail server", "GreenMail on 127.0.0.1, %s", noDelay
                ? "TCP_NODELAY on the server side (bench.nodelay=true)"
                : "as in the e2e tests (Nagle on: multi-part responses can wait ~40 ms for a delayed ACK)");

        if (warmupMails > 0) {
            // the same ingest against a throwaway daemon, so that the measured run meets a JVM whose JIT has
            // compiled the hot paths (on 2 CPUs the compiler threads otherwise take much of the first minute)
            Rig warm = new Rig(dir.resolve("warmup"));
            try {
                Report scratch = new Report("ingest benchmark");
                ingest(warm, warmupMails, scratch);
                report.line("JIT warm-up", "%d mails through a throwaway daemon and mail server first (cold JVM): %s",
                        warmupMails, scratch.get("all committed"));
            } finally {
                warm.close();
            }
        }

        // ---- (a) ingest: the backlog is in the mailbox before the daemon starts
        rig = new Rig(dir.resolve("run"));
        ingest(rig, mails, report);
        report.memory("after ingest");
        MailWorld world = rig.world;
        DSLContext db = world.daemon().db().dsl();

        // ---- (b) latency: one mail at a time over SMTP into an idle daemon on IDLE
        Thread.sleep(1000);
        assertThat(world.daemon().health().idleConnected()).as("IDLE connected").isTrue();
        Session smtp = rig.smtpSession();
        String loadBefore = loadAverage();
        CpuMeter cpu = new CpuMeter();
        long[] committed = new long[latencyMails];
        long[] sent = new long[latencyMails];
        long[] delivered = new long[latencyMails];
        for (int i = 0; i < latencyMails; i++) {
            String local = "latency" + pad(i);
            String address = local + "@" + CUSTOMER_DOMAIN;
            long lastId = db.select(DSL.coalesce(DSL.max(OUTBOX.ID), 0L)).from(OUTBOX).fetchOne().value1();
            MimeMessage m = new MimeMessage(smtp, new ByteArrayInputStream(customerMail(local, "Latency " + pad(i), "lat-" + pad(i), mails + i))) {
                @Override
                protected void updateMessageID() {
                    // keep the bytes as they are
                }
            };
            Transport t = smtp.getTransport("smtp");
            t.connect();
            long start;
            try {
                t.sendMessage(m, new InternetAddress[] {new InternetAddress(MailWorld.SUPPORT)});
                start = System.nanoTime();
            } finally {
                t.close();
            }
            long c = -1, s = -1, d = -1;
            long limit = start + Duration.ofSeconds(60).toNanos();
            while (c < 0 || s < 0 || d < 0) {
                long now = System.nanoTime();
                if (now > limit) throw new AssertionError("latency mail " + i + " not acknowledged within 60 s (committed=" + (c >= 0) + " sent=" + (s >= 0) + " delivered=" + (d >= 0) + ")");
                if (c < 0 || s < 0) {
                    // only the rows queued since this mail was sent: a primary-key range, cheap to poll
                    List<Record3<Long, String, String>> acks = db.select(OUTBOX.ID, OUTBOX.STATUS, OUTBOX.RECIPIENTS).from(OUTBOX)
                            .where(OUTBOX.ID.gt(lastId).and(OUTBOX.KIND.eq(ACK))).fetch();
                    if (!acks.isEmpty()) {
                        assertThat(acks).hasSize(1);
                        assertThat(acks.get(0).value3()).isEqualTo(address);
                        if (c < 0) c = now;
                        if (s < 0 && OutboxStore.SENT.equals(acks.get(0).value2())) s = now;
                    }
                }
                if (d < 0 && rig.inboxCount(address) > 0) d = now;
                if ((now & 0x3f) == 0) cpu.sample();
                if (c < 0 || s < 0 || d < 0) LockSupport.parkNanos(1_000_000);
            }
            committed[i] = c - start;
            sent[i] = s - start;
            delivered[i] = d - start;
            // let the agent notifications go out and the loop settle, so each mail meets an idle daemon
            awaitTrue(() -> db.fetchCount(OUTBOX, OUTBOX.STATUS.eq(OutboxStore.PENDING)) == 0, Duration.ofSeconds(60));
            Thread.sleep(gapMillis);
        }
        assertThat(db.fetchCount(TICKET)).isEqualTo(mails + latencyMails);
        assertThat(db.fetchCount(OUTBOX, OUTBOX.KIND.eq(ACK))).isEqualTo(mails + latencyMails);
        assertThat(db.fetchCount(QUARANTINE)).isZero();
        assertThat(db.fetchCount(OUTBOX, OUTBOX.STATUS.ne(OutboxStore.SENT))).isZero();
        for (int i = 0; i < latencyMails; i++) assertThat(rig.inboxCount("latency" + pad(i) + "@" + CUSTOMER_DOMAIN)).isEqualTo(1);

        report.section("(b) latency: " + latencyMails + " mails sent one at a time over SMTP to the idle daemon (IMAP IDLE)");
        report.line("", "%-28s %8s %8s %8s %8s %8s %8s", "from SMTP send returned to", "min", "p50", "p90", "p99", "max", "mean");
        report.percentiles("ack committed (outbox row)", committed);
        report.percentiles("ack SENT (outbox status)", sent);
        report.percentiles("ack in customer's mailbox", delivered);
        report.line("measurement", "DB and GreenMail polled every ~1 ms; %d ms pause between mails; poll.interval %s", gapMillis, pollInterval);
        report.line("CPU", "%s; load average before %s, after %s", cpu.summary(), loadBefore, loadAverage());

        // ---- (c) memory
        report.section("(c) memory (one JVM: daemon + GreenMail holding every mail + JUnit/Surefire)");
        report.memory("after run");
        report.rss();

        report.print(Path.of(System.getProperty("basedir", "."), "target", "bench", "ingest.txt"));
    }

    /**
     * Phase (a) on {@code rig}: pre-loads {@code n} mails into the support INBOX, starts the daemon, and
     * polls until all are tickets with queued acknowledgements, all acknowledgements are SENT, and the
     * outbox and the INBOX are empty; asserts that each mail became exactly one ticket and one ack.
     */
    private void ingest(Rig rig, int n, Report report) throws Exception {
        MailWorld world = rig.world;
        GreenMailUser supportUser = world.greenMail.getUserManager().getUserByEmail(MailWorld.SUPPORT);
        MailFolder supportInbox = world.greenMail.getManagers().getImapHostManager().getInbox(supportUser);

        Session plain = Session.getInstance(new Properties());
        List<byte[]> raws = new ArrayList<>(n);
        for (int i = 0; i < n; i++) raws.add(customerMail("customer" + pad(i), "Customer " + pad(i), "bench-" + pad(i), i));
        long bytes = raws.stream().mapToLong(r -> r.length).sum();
        long d0 = System.nanoTime();
        for (byte[] raw : raws) supportUser.deliver(new MimeMessage(plain, new ByteArrayInputStream(raw)));
        long deliverNanos = System.nanoTime() - d0;
        raws = null;
        assertThat(supportInbox.getMessageCount()).isEqualTo(n);

        String loadBefore = loadAverage();
        CpuMeter cpu = new CpuMeter();
        ThreadCpu threads = new ThreadCpu();
        long t0 = System.nanoTime();
        world.start();
        long tStarted = System.nanoTime();
        DSLContext db = world.daemon().db().dsl();

        long tFirst = -1, tIngested = -1, tAcksSent = -1, tAllSent = -1, tDrained = -1;
        long maxAckId = Long.MAX_VALUE;
        long[] quarters = {-1, -1, -1, -1};
        long deadline = t0 + timeout.toNanos();
        int polls = 0;
        while (tAllSent < 0 || tDrained < 0) {
            long now = System.nanoTime();
            if (now > deadline) {
                throw new AssertionError("ingest not finished within " + timeout + ": tickets=" + db.fetchCount(TICKET)
                        + " pending=" + db.fetchCount(OUTBOX, OUTBOX.STATUS.eq(OutboxStore.PENDING))
                        + " inbox=" + supportInbox.getMessageCount());
            }
            polls++;
            threads.sample();
            if (polls % 10 == 0) cpu.sample();
            if (tIngested < 0) {
                int tickets = db.fetchCount(TICKET); // count(*) without a filter: cheap on H2
                if (tickets > 0 && tFirst < 0) tFirst = now;
                for (int q = 0; q < quarters.length; q++) {
                    if (quarters[q] < 0 && tickets >= (long) n * (q + 1) / quarters.length) quarters[q] = now;
                }
                if (tickets >= n) {
                    // ticket and acknowledgement are committed in one transaction
                    assertThat(db.fetchCount(OUTBOX, OUTBOX.KIND.eq(ACK))).isEqualTo(n);
                    tIngested = now;
                    maxAckId = db.select(DSL.max(OUTBOX.ID)).from(OUTBOX).where(OUTBOX.KIND.eq(ACK)).fetchOne().value1();
                }
            }
            if (tIngested >= 0 && tAllSent < 0) {
                // the oldest pending mail, through the (status, id) index: cheap even with thousands queued
                Long oldestPending = db.select(OUTBOX.ID).from(OUTBOX).where(OUTBOX.STATUS.eq(OutboxStore.PENDING))
                        .orderBy(OUTBOX.ID).limit(1).fetchOne(OUTBOX.ID);
                if (tAcksSent < 0 && (oldestPending == null || oldestPending > maxAckId)) tAcksSent = now;
                if (oldestPending == null) tAllSent = now;
            }
            if (tDrained < 0 && tIngested >= 0 && supportInbox.getMessageCount() == 0) tDrained = now;
            Thread.sleep(10);
        }
        threads.sample();

        // correctness: every mail is exactly one ticket with exactly one acknowledgement, all sent
        assertThat(db.fetchCount(TICKET)).isEqualTo(n);
        assertThat(db.fetchCount(PROCESSED_MAIL)).isEqualTo(n);
        assertThat(db.fetchCount(db.selectDistinct(PROCESSED_MAIL.MESSAGE_ID).from(PROCESSED_MAIL))).isEqualTo(n);
        assertThat(db.fetchCount(PROCESSED_MAIL, PROCESSED_MAIL.OUTCOME.ne("CREATED"))).isZero();
        assertThat(db.fetchCount(db.selectDistinct(MESSAGE.MESSAGE_ID).from(MESSAGE))).isEqualTo(n);
        assertThat(db.fetchCount(db.selectDistinct(TICKET.REQUESTER_ADDRESS).from(TICKET))).isEqualTo(n);
        assertThat(db.fetchCount(QUARANTINE)).isZero();
        assertThat(db.fetchCount(OUTBOX, OUTBOX.KIND.eq(ACK))).isEqualTo(n);
        assertThat(db.fetchCount(db.selectDistinct(OUTBOX.TICKET_ID).from(OUTBOX).where(OUTBOX.KIND.eq(ACK)))).isEqualTo(n);
        assertThat(db.fetchCount(OUTBOX, OUTBOX.STATUS.ne(OutboxStore.SENT))).isZero();
        int outboxRows = db.fetchCount(OUTBOX);
        assertThat(supportInbox.getMessageCount()).isZero();
        for (int i = 0; i < n; i += Math.max(1, n / 100)) {
            assertThat(rig.inboxCount("customer" + pad(i) + "@" + CUSTOMER_DOMAIN)).as("acks to customer %d", i).isEqualTo(1);
        }

        report.section("(a) ingest: " + n + " mails pre-loaded in the INBOX, then the daemon started");
        report.line("pre-load", "%d mails, %.1f KB average, %.2f MB, delivered to GreenMail in %s",
                n, bytes / 1024.0 / n, bytes / 1048576.0, ms(deliverNanos));
        report.line("daemon start()", "%s (H2 file, Flyway migration, threads)", ms(tStarted - t0));
        report.line("first ticket", "%s after start() call", ms(tFirst - t0));
        report.line("all committed", "%s after start() call: %s mails/s (%s mails/s counted from start() returning)",
                ms(tIngested - t0), rate(n, tIngested - t0), rate(n, tIngested - tStarted));
        report.line("  first..last", "%s mails/s between the first and the last commit", rate(n - 1, tIngested - tFirst));
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < quarters.length; i++) {
            long from = i == 0 ? tFirst : quarters[i - 1];
            int count = n * (i + 1) / quarters.length - (i == 0 ? 1 : n * i / quarters.length);
            q.append(i == 0 ? "" : ", ").append(rate(count, quarters[i] - from));
        }
        report.line("  by quarter", "%s mails/s (1st..4th quarter of the backlog; the INBOX shrinks as mails are moved out)", q);
        report.line("all acks SENT", "%s after start() call: %s acks/s", ms(tAcksSent - t0), rate(n, tAcksSent - t0));
        report.line("outbox drained", "%s after start() call: %d mails sent (ack + %d agent notifications per ticket), %s mails/s overall",
                ms(tAllSent - t0), outboxRows, (outboxRows - n) / n, rate(outboxRows, tAllSent - t0));
        report.line("INBOX emptied", "%s after start() call (all moved to Processed)", ms(tDrained - t0));
        report.line("measurement", "DB polled every 10 ms (%d polls); resolution ~10 ms", polls);
        report.line("CPU", "%s; load average before %s, after %s", cpu.summary(), loadBefore, loadAverage());
        threads.report(report, cpu.cpuNanos(), tAllSent - t0, n);
    }

    /** A mail world for one daemon: GreenMail, optionally behind TCP_NODELAY listeners, and the daemon's settings. */
    private final class Rig implements AutoCloseable {
        final MailWorld world;
        private final AbstractServer imap;
        private final AbstractServer smtp;

        Rig(Path folder) throws Exception {
            // every benchmark sender shares one domain: the per-domain rate limit would stop the acks at 100
            world = new MailWorld(folder).with("POSTDESK_POLL_INTERVAL", pollInterval)
                    .with("POSTDESK_RATELIMIT_DOMAIN", "1000000/1h").with("POSTDESK_AUTOREPLY_TOTAL", "off");
            if (!dbOptions.isEmpty()) {
                // the URL MailWorld builds, plus extra H2 settings to try (e.g. ;QUERY_CACHE_SIZE=64)
                world.with("POSTDESK_DB_URL", world.env().get("POSTDESK_DB_URL") + dbOptions);
            }
            if (noDelay) {
                // the same GreenMail store behind listeners that send each response without waiting (TCP_NODELAY)
                imap = started(new NoDelayImapServer(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP), world.greenMail.getManagers()));
                smtp = started(new NoDelaySmtpServer(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP), world.greenMail.getManagers()));
                world.with("POSTDESK_IMAP_PORT", Integer.toString(imap.getPort()))
                        .with("POSTDESK_SMTP_PORT", Integer.toString(smtp.getPort()));
            } else {
                imap = null;
                smtp = null;
            }
        }

        Session smtpSession() {
            Properties p = new Properties();
            p.setProperty("mail.smtp.host", "127.0.0.1");
            p.setProperty("mail.smtp.port", Integer.toString((smtp != null ? smtp : world.greenMail.getSmtp()).getPort()));
            return Session.getInstance(p);
        }

        /** Mails in a GreenMail user's INBOX, read from GreenMail's memory (no IMAP round trip); 0 if no such user yet. */
        int inboxCount(String address) throws Exception {
            GreenMailUser user = world.greenMail.getUserManager().getUserByEmail(address);
            if (user == null) return 0;
            return world.greenMail.getManagers().getImapHostManager().getInbox(user).getMessageCount();
        }

        @Override
        public void close() {
            world.stop();
            if (imap != null) imap.stopService();
            if (smtp != null) smtp.stopService();
            world.close();
        }
    }

    // ---- mail

    /** A distinct customer mail of about {@link #bodyBytes} bytes of text. */
    private byte[] customerMail(String local, String name, String idPrefix, int seed) {
        Random random = new Random(seed);
        StringBuilder body = new StringBuilder("Hello support,\r\n\r\n");
        StringBuilder line = new StringBuilder();
        while (body.length() < bodyBytes) {
            line.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            if (line.length() > 68) {
                body.append(line.toString().strip()).append("\r\n");
                line.setLength(0);
            }
        }
        body.append("\r\nThanks,\r\n").append(name).append("\r\n");
        String subject = "Request " + idPrefix + ": " + WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " problem";
        String headers = "From: \"" + name + "\" <" + local + "@" + CUSTOMER_DOMAIN + ">\r\n"
                + "To: Helpdesk <" + MailWorld.SUPPORT + ">\r\n"
                + "Subject: " + subject + "\r\n"
                + "Date: Mon, 2 Mar 2026 08:" + pad2(seed % 60) + ":00 +0000\r\n"
                + "Message-ID: <" + idPrefix + "." + Long.toHexString(random.nextLong()) + "@" + CUSTOMER_DOMAIN + ">\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 7bit\r\n"
                + "\r\n";
        return (headers + body).getBytes(StandardCharsets.UTF_8);
    }

    private static AbstractServer started(AbstractServer server) throws InterruptedException {
        server.startService();
        if (!server.waitTillRunning(10_000)) throw new IllegalStateException("cannot start " + server);
        return server;
    }

    /**
     * GreenMail's IMAP server, except that each accepted socket has TCP_NODELAY: GreenMail writes a
     * response in several small writes, and with Nagle's algorithm the second one waits for the
     * client's delayed ACK (~40 ms on Linux). Real servers do not pay that on every command.
     */
    static final class NoDelayImapServer extends AbstractServer {
        NoDelayImapServer(ServerSetup setup, Managers managers) {
            super(setup, managers);
        }

        @Override
        protected ProtocolHandler createProtocolHandler(Socket socket) {
            noDelay(socket);
            return new ImapHandler(managers.getUserManager(), managers.getImapHostManager(), socket);
        }
    }

    static final class NoDelaySmtpServer extends SmtpServer {
        NoDelaySmtpServer(ServerSetup setup, Managers managers) {
            super(setup, managers);
        }

        @Override
        protected ProtocolHandler createProtocolHandler(Socket socket) {
            noDelay(socket);
            return super.createProtocolHandler(socket);
        }
    }

    private static void noDelay(Socket socket) {
        try {
            socket.setTcpNoDelay(true);
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, Duration max) throws InterruptedException {
        long limit = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > limit) throw new AssertionError("condition not met within " + max);
            Thread.sleep(5);
        }
    }

    private static String pad(int i) {
        return String.format(Locale.ROOT, "%05d", i);
    }

    private static String pad2(int i) {
        return String.format(Locale.ROOT, "%02d", i);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
    }

    private static String rate(long count, long nanos) {
        return String.format(Locale.ROOT, "%.1f", count / (nanos / 1e9));
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** CPU used by this JVM against the wall clock, and how busy the whole machine was (other processes compete). */
    private static final class CpuMeter {
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final long wall0 = System.nanoTime();
        private final long cpu0 = os.getProcessCpuTime();
        private double machineSum;
        private int machineSamples;

        void sample() {
            double load = os.getCpuLoad();
            if (load >= 0) {
                machineSum += load;
                machineSamples++;
            }
        }

        long cpuNanos() {
            return os.getProcessCpuTime() - cpu0;
        }

        String summary() {
            double wall = (System.nanoTime() - wall0) / 1e9;
            double used = cpuNanos() / 1e9;
            return String.format(Locale.ROOT, "this JVM used %.1f CPU-s in %.1f s (%.2f of %d CPUs); whole machine %s busy",
                    used, wall, used / wall, os.getAvailableProcessors(),
                    machineSamples == 0 ? "?" : String.format(Locale.ROOT, "%.0f%%", 100 * machineSum / machineSamples));
        }
    }

    /**
     * CPU time per group of threads (daemon, GreenMail, benchmark), sampled with ThreadMXBean while the
     * phase runs, plus the JVM's JIT and GC threads read from /proc. Threads that end between samples
     * (GreenMail's per-connection SMTP sessions) are counted up to their last sample; what is left of the
     * process CPU time is reported as the rest.
     */
    private static final class ThreadCpu {
        private final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final java.util.Map<Long, Long> start = new java.util.HashMap<>();
        private final java.util.Map<Long, Long> last = new java.util.HashMap<>();
        private final java.util.Map<Long, String> names = new java.util.HashMap<>();

        ThreadCpu() {
            long[] ids = mx.getAllThreadIds();
            long[] cpu = mx.getThreadCpuTime(ids);
            for (int i = 0; i < ids.length; i++) if (cpu[i] >= 0) start.put(ids[i], cpu[i]);
        }

        void sample() {
            long[] ids = mx.getAllThreadIds();
            long[] cpu = mx.getThreadCpuTime(ids);
            for (int i = 0; i < ids.length; i++) {
                if (cpu[i] < 0) continue;
                last.put(ids[i], cpu[i]);
                if (!names.containsKey(ids[i])) {
                    java.lang.management.ThreadInfo info = mx.getThreadInfo(ids[i]);
                    names.put(ids[i], info == null ? "?" : info.getThreadName());
                }
            }
        }

        private static String group(String name) {
            if (name.startsWith("postdesk-imap")) return "postdesk-imap (poller + pipeline)";
            if (name.startsWith("postdesk-outbox")) return "postdesk-outbox (SMTP sender)";
            if (name.startsWith("postdesk-")) return "postdesk-idle/-scheduler";
            if (name.startsWith("postdesk") || name.startsWith("H2") || name.startsWith("HTTP")) return "pool, H2, status page";
            if (name.startsWith("imap:")) return "GreenMail IMAP sessions";
            if (name.startsWith("smtp:")) return "GreenMail SMTP sessions";
            if (name.equals("main")) return "benchmark (DB polling)";
            return "other threads";
        }

        void report(Report report, long processCpu, long wallNanos, int mails) {
            java.util.Map<String, Long> byGroup = new java.util.HashMap<>();
            long total = 0;
            for (var e : last.entrySet()) {
                long used = e.getValue() - start.getOrDefault(e.getKey(), 0L);
                total += used;
                byGroup.merge(group(names.getOrDefault(e.getKey(), "?")), used, Long::sum);
            }
            // the JVM's own threads (JIT compilers, GC workers) from /proc/self/task: invisible to ThreadMXBean
            java.util.Map<String, Long> nativeNow = nativeThreadCpu();
            for (String g : List.of(JIT, GC)) {
                long used = nativeNow.getOrDefault(g, 0L) - native0.getOrDefault(g, 0L);
                total += used;
                byGroup.put(g, used);
            }
            byGroup.put("rest: threads that ended between samples (GreenMail SMTP sessions), VM thread", Math.max(0, processCpu - total));
            StringBuilder b = new StringBuilder();
            byGroup.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).forEach(e ->
                    b.append(String.format(Locale.ROOT, "%n  %-16s %6.1f CPU-s %5.1f%% %6.2f ms/mail  %s", "", e.getValue() / 1e9,
                            100.0 * e.getValue() / Math.max(1, processCpu), e.getValue() / 1e6 / mails, e.getKey())));
            long poller = last.entrySet().stream().filter(e -> names.getOrDefault(e.getKey(), "").equals("postdesk-imap"))
                    .mapToLong(e -> e.getValue() - start.getOrDefault(e.getKey(), 0L)).sum();
            report.line("CPU by thread", "postdesk-imap (single-threaded poller + pipeline) was on CPU %.0f%% of the ingest wall time%s",
                    100.0 * poller / wallNanos, b);
        }

        private static final String JIT = "JVM JIT compiler threads";
        private static final String GC = "JVM GC threads";
        private final java.util.Map<String, Long> native0 = nativeThreadCpu();

        /** CPU time (ns) of the JIT compiler and GC threads, from /proc/self/task/N/stat (utime + stime, in clock ticks). */
        private static java.util.Map<String, Long> nativeThreadCpu() {
            java.util.Map<String, Long> out = new java.util.HashMap<>();
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    String stat;
                    try {
                        stat = Files.readString(task.resolve("stat"));
                    } catch (IOException e) {
                        continue; // ended meanwhile
                    }
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String group = comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler") ? JIT
                            : comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? GC : null;
                    if (group == null) continue;
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
                    out.merge(group, ticks * 10_000_000L, Long::sum); // USER_HZ is 100 on Linux
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: the JVM's own threads stay in "rest"
            }
            return out;
        }
    }

    // ---- the results block


}
