package postdesk.daemon;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import postdesk.config.MailServer;
import postdesk.config.PostdeskConfig;
import postdesk.health.Health;
import postdesk.health.LoginAlerts;
import postdesk.health.Metrics;
import postdesk.imap.IdleWatcher;
import postdesk.imap.MailboxPoller;
import postdesk.login.Logins;
import postdesk.outbound.OutboxWorker;
import postdesk.outbound.TicketMail;
import postdesk.sandbox.Sandbox;
import postdesk.store.Database;
import postdesk.store.OutboxStore;
import postdesk.timers.TimerWorker;
import postdesk.web.StatusServer;

/**
 * The running daemon: wires the store, the inbound loop (poller + IDLE), the outbox worker, the
 * timers and the status page, starts them, and stops them in the order that loses nothing.
 */
public final class Postdesk implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Postdesk.class);

    private final PostdeskConfig config;
    private final Sandbox sandbox;
    private final Database db;
    private final Health health;
    private final Metrics metrics;
    private final MailboxPoller poller;
    private final IdleWatcher idle;
    private final OutboxWorker outbox;
    private final TimerWorker timers;
    private final TicketMail ticketMail;
    private final LoginAlerts loginAlerts;
    private final StatusServer web;
    private final ScheduledExecutorService scheduler;
    private Thread pollerThread;
    private Thread idleThread;
    private Thread outboxThread;

    private Postdesk(PostdeskConfig config, Clock clock, Sandbox sandbox, Database db) throws Exception {
        this.config = config;
        this.sandbox = sandbox;
        this.db = db;
        RandomGenerator random = new SecureRandom();
        this.health = new Health(clock);
        this.metrics = new Metrics();

        Core core = Core.build(config, db, clock, random);
        this.outbox = new OutboxWorker(config.smtp(), config.desk().address(), config.guards(), db, clock, health, metrics, random,
                this::catchingUp);
        this.poller = new MailboxPoller(config.imap(), db, core.pipeline(), health, metrics, outbox::wake);
        this.idle = new IdleWatcher(config.imap(), health, poller::wake);
        this.timers = new TimerWorker(db, core.statusChanges(), core.sla(), clock);
        this.ticketMail = core.mail();
        this.loginAlerts = new LoginAlerts(config.lifecycle().loginAlertAfter(), clock, health);
        this.web = new StatusServer(config.http(), config.reading().attachmentsDir(), config.sla(), db, health, metrics, clock);
        metrics.gauge("postdesk.outbox.backlog", "mails waiting in the outbox", () -> new OutboxStore(db.dsl()).backlog());
        metrics.gauge("postdesk.outbox.oldest.seconds", "age of the oldest mail waiting in the outbox (0 when empty)",
                () -> new OutboxStore(db.dsl()).oldestPendingAge(clock.instant()).map(java.time.Duration::toSeconds).orElse(0L));
        metrics.gauge("postdesk.mails.quarantine.waiting", "quarantined mails not yet replayed",
                () -> new postdesk.store.MailLog(db.dsl()).quarantinedCount());
        loginGauges("imap", config.imap().server(), health::imapProblem, clock);
        loginGauges("smtp", config.smtp(), health::smtpProblem, clock);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "postdesk-scheduler"));
    }

    /**
     * For a login with OAuth 2.0: seconds until the token held lapses (-1 before the first), and
     * seconds since the connection has been failing (0 while it works), for alerts on either.
     */
    private void loginGauges(String protocol, MailServer server, Supplier<Health.Problem> problem, Clock clock) {
        if (server.oauth2() == null) return;
        metrics.gauge("postdesk." + protocol + ".token.expires.seconds", "seconds until the " + protocol.toUpperCase()
                + " login's OAuth 2.0 token lapses (-1: none held yet)", () -> Logins.expiry(server)
                .map(e -> Duration.between(Instant.now(), e).toSeconds()).orElse(-1L)); // tokens keep real time
        metrics.gauge("postdesk." + protocol + ".failing.seconds", "seconds since " + protocol.toUpperCase()
                + " has been failing (0: working)", () -> {
                    Health.Problem p = problem.get();
                    return p == null ? 0L : Duration.between(p.since(), clock.instant()).toSeconds();
                });
    }

    /** Whether the inbox holds a backlog, for the outbox to let the ingest go first (the poller is made after the outbox). */
    private boolean catchingUp() {
        return poller.catchingUp();
    }

    static {
        // jakarta.mail looks its StreamProvider up with a ServiceLoader scan for every MIME part it
        // builds (jakartaee/mail-api #861); naming it skips the scan (14 % of the CPU per new ticket)
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    /** Starts everything; the caller owns the returned daemon and closes it to stop. */
    public static Postdesk start(PostdeskConfig config, Clock clock) throws Exception {
        Sandbox sandbox = config.sandbox() ? Sandbox.start(config) : null;
        Database db = null;
        try {
            db = Database.open(config.database().url(), config.database().user(), config.database().password());
            int migrations = db.migrate();
            if (migrations > 0) log.info("database {}: {} migration(s) applied", config.database().redactedUrl(), migrations);
            Postdesk p = new Postdesk(config, clock, sandbox, db);
            p.startWorkers();
            return p;
        } catch (Exception | Error e) {
            if (db != null) db.close();
            if (sandbox != null) sandbox.close();
            throw e;
        }
    }

    private void startWorkers() {
        web.start();
        pollerThread = thread("postdesk-imap", poller);
        idleThread = thread("postdesk-idle", idle);
        outboxThread = thread("postdesk-outbox", outbox);
        long timerMillis = config.lifecycle().timersInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::fireTimers, 0, timerMillis, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(idle::refresh, IdleWatcher.REFRESH.toMillis(), IdleWatcher.REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        if (sandbox != null) {
            sandbox.announce(config, web.port());
        } else {
            log.info("Postdesk started: IMAP {} folder {}, SMTP {}, support address {}, {} agent(s), status page http://{}:{}/",
                    config.imap().server(), config.imap().inboxFolder(), config.smtp(), config.desk().address(), config.desk().agents().size(),
                    config.http().bind(), web.port());
        }
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.start();
        return t;
    }

    /** Fires due timers now (the scheduler also does it every {@code timers.interval}). */
    public void fireTimers() {
        try {
            if (timers.fireDue() > 0) outbox.wake();
        } catch (RuntimeException e) {
            log.warn("timer pass failed: {}", e.toString());
        }
        try {
            boolean told = loginAlerts.check((protocol, since, error) -> db.transaction(tx -> {
                ticketMail.loginAlert(tx, protocol, (protocol.equals("IMAP") ? config.imap().server() : config.smtp()).toString(), since, error);
                return null;
            }));
            if (told) outbox.wake();
        } catch (RuntimeException e) {
            log.warn("login alert failed: {}", e.toString());
        }
    }


    public Database db() {
        return db;
    }

    public int httpPort() {
        return web.port();
    }

    public Health health() {
        return health;
    }

    /**
     * Stops in the order that loses nothing: no new fetches (the mail in hand is finished), a last
     * outbox flush, then the status page, the database and the sandbox.
     */
    @Override
    public void close() {
        log.info("Postdesk stopping");
        poller.stop();
        idle.stop();
        scheduler.shutdownNow();
        join(pollerThread);
        outbox.stop();
        join(outboxThread);
        try {
            outbox.flush();
        } catch (RuntimeException e) {
            log.warn("final outbox flush failed: {}", e.toString());
        }
        join(idleThread);
        web.stop();
        db.close();
        if (sandbox != null) sandbox.close();
        log.info("Postdesk stopped");
    }

    private static void join(Thread t) {
        try {
            t.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
