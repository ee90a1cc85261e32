package postdesk.daemon;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import postdesk.config.MailServer;
import postdesk.config.Mailbox;
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
    /** Each mailbox's poller, IDLE watcher and outbox worker, in the configuration's order. */
    private final List<Lane> lanes = new ArrayList<>();
    private final TimerWorker timers;
    private final TicketMail ticketMail;
    private final LoginAlerts loginAlerts;
    private final StatusServer web;
    private final ScheduledExecutorService scheduler;

    /** What serves one mailbox: one failing mailbox stops none of the others. */
    private static final class Lane {
        final Mailbox mailbox;
        final MailboxPoller poller;
        final IdleWatcher idle;
        final OutboxWorker outbox;
        Thread pollerThread;
        Thread idleThread;
        Thread outboxThread;

        Lane(Mailbox mailbox, MailboxPoller poller, IdleWatcher idle, OutboxWorker outbox) {
            this.mailbox = mailbox;
            this.poller = poller;
            this.idle = idle;
            this.outbox = outbox;
        }
    }

    private Postdesk(PostdeskConfig config, Clock clock, Sandbox sandbox, Database db) throws Exception {
        this.config = config;
        this.sandbox = sandbox;
        this.db = db;
        RandomGenerator random = new SecureRandom();
        this.health = new Health(clock);
        this.metrics = new Metrics();

        Core core = Core.build(config, db, clock, random);
        List<String> names = config.desk().mailboxes().stream().map(Mailbox::name).toList();
        for (Mailbox m : config.desk().mailboxes()) {
            Health.Mailbox h = health.mailbox(m.name());
            OutboxWorker outbox = new OutboxWorker(m, names, config.guards(), db, clock, h, metrics, random, this::catchingUp);
            MailboxPoller poller = new MailboxPoller(m, db, core.pipeline(), h, metrics, this::wakeOutboxes);
            lanes.add(new Lane(m, poller, new IdleWatcher(m.imap(), h, poller::wake), outbox));
            loginGauges("imap", m, m.imap().server(), h::imapProblem, clock);
            loginGauges("smtp", m, m.smtp(), h::smtpProblem, clock);
        }
        this.timers = new TimerWorker(db, core.statusChanges(), core.sla(), clock);
        this.ticketMail = core.mail();
        this.loginAlerts = new LoginAlerts(config.lifecycle().loginAlertAfter(), clock, health);
        this.web = new StatusServer(config.http(), config.reading().attachmentsDir(), config.desk(), config.sla(), db, health, metrics, clock);
        metrics.gauge("postdesk.outbox.backlog", "mails waiting in the outbox", () -> new OutboxStore(db.dsl()).backlog());
        metrics.gauge("postdesk.outbox.oldest.seconds", "age of the oldest mail waiting in the outbox (0 when empty)",
                () -> new OutboxStore(db.dsl()).oldestPendingAge(clock.instant()).map(java.time.Duration::toSeconds).orElse(0L));
        metrics.gauge("postdesk.mails.quarantine.waiting", "quarantined mails not yet replayed",
                () -> new postdesk.store.MailLog(db.dsl()).quarantinedCount());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "postdesk-scheduler"));
    }

    /**
     * For a login with OAuth 2.0: seconds until the token held lapses (-1 before the first), and
     * seconds since the connection has been failing (0 while it works), for alerts on either.
     */
    private void loginGauges(String protocol, Mailbox mailbox, MailServer server, Supplier<Health.Problem> problem, Clock clock) {
        if (server.oauth2() == null) return;
        metrics.gauge("postdesk." + protocol + ".token.expires.seconds", "seconds until the " + protocol.toUpperCase()
                + " login's OAuth 2.0 token lapses (-1: none held yet)", mailbox.name(), () -> Logins.expiry(server)
                .map(e -> Duration.between(Instant.now(), e).toSeconds()).orElse(-1L)); // tokens keep real time
        metrics.gauge("postdesk." + protocol + ".failing.seconds", "seconds since " + protocol.toUpperCase()
                + " has been failing (0: working)", mailbox.name(), () -> {
                    Health.Problem p = problem.get();
                    return p == null ? 0L : Duration.between(p.since(), clock.instant()).toSeconds();
                });
    }

    /** Whether an inbox holds a backlog, for the outboxes to let the ingest go first (the pollers are made after the outboxes). */
    private boolean catchingUp() {
        return lanes.stream().anyMatch(l -> l.poller.catchingUp());
    }

    /** Mail was queued: it may be for any mailbox's outbox (an agent's notification from another mailbox, a login alert). */
    private void wakeOutboxes() {
        lanes.forEach(l -> l.outbox.wake());
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
            Logins.useRefreshTokens(Core.refreshTokens(config, db, Clock.systemUTC())); // tokens keep real time
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
        for (Lane lane : lanes) {
            // the default mailbox keeps the thread names it had before there were several
            String suffix = lane.mailbox.name().equals(Mailbox.DEFAULT) ? "" : "-" + lane.mailbox.name();
            lane.pollerThread = thread("postdesk-imap" + suffix, lane.poller);
            lane.idleThread = thread("postdesk-idle" + suffix, lane.idle);
            lane.outboxThread = thread("postdesk-outbox" + suffix, lane.outbox);
            scheduler.scheduleWithFixedDelay(lane.idle::refresh, IdleWatcher.REFRESH.toMillis(), IdleWatcher.REFRESH.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        long timerMillis = config.lifecycle().timersInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::fireTimers, 0, timerMillis, TimeUnit.MILLISECONDS);
        if (sandbox != null) {
            sandbox.announce(config, web.port());
        } else {
            for (Lane lane : lanes) {
                Mailbox m = lane.mailbox;
                log.info("mailbox {}: IMAP {} folder {}, SMTP {}, support address {}, {} agent(s)", m.name(), m.imap().server(),
                        m.imap().inboxFolder(), m.smtp(), m.address(), m.agents().size());
            }
            log.info("Postdesk started: {} mailbox(es), status page http://{}:{}/", lanes.size(), config.http().bind(), web.port());
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
            if (timers.fireDue() > 0) wakeOutboxes();
        } catch (RuntimeException e) {
            log.warn("timer pass failed: {}", e.toString());
        }
        try {
            boolean told = loginAlerts.check((mailbox, protocol, since, error) -> db.transaction(tx -> {
                Mailbox m = config.desk().mailbox(mailbox);
                ticketMail.loginAlert(tx, mailbox, protocol.equals("SMTP") ? sendingMailbox(mailbox) : mailbox, protocol,
                        (protocol.equals("IMAP") ? m.imap().server() : m.smtp()).toString(), since, error);
                return null;
            }));
            if (told) wakeOutboxes();
        } catch (RuntimeException e) {
            log.warn("login alert failed: {}", e.toString());
        }
    }


    /** A mailbox whose SMTP works, to tell of {@code failing}'s SMTP login (itself when no other does: it waits). */
    private String sendingMailbox(String failing) {
        return health.mailboxes().stream().filter(h -> !h.name().equals(failing) && h.smtpProblem() == null)
                .map(Health.Mailbox::name).findFirst().orElse(failing);
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
        for (Lane lane : lanes) {
            lane.poller.stop();
            lane.idle.stop();
        }
        scheduler.shutdownNow();
        for (Lane lane : lanes) join(lane.pollerThread);
        for (Lane lane : lanes) {
            lane.outbox.stop();
            join(lane.outboxThread);
            try {
                lane.outbox.flush();
            } catch (RuntimeException e) {
                log.warn("final outbox flush of mailbox {} failed: {}", lane.mailbox.name(), e.toString());
            }
        }
        for (Lane lane : lanes) join(lane.idleThread);
        web.stop();
        db.close();
        if (sandbox != null) sandbox.close();
        log.info("Postdesk stopped");
    }

    private static void join(Thread t) {
        if (t == null) return;
        try {
            t.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
