package postdesk.daemon;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import postdesk.cluster.Leases;
import postdesk.config.MailServer;
import postdesk.config.Mailbox;
import postdesk.config.PostdeskConfig;
import postdesk.health.Health;
import postdesk.health.LoginAlerts;
import postdesk.health.Metrics;
import postdesk.health.SatisfactionMetrics;
import postdesk.imap.IdleWatcher;
import postdesk.imap.MailboxPoller;
import postdesk.login.Logins;
import postdesk.outbound.OutboxWorker;
import postdesk.outbound.TicketMail;
import postdesk.retention.Retention;
import postdesk.sandbox.Sandbox;
import postdesk.store.AttachmentFiles;
import postdesk.store.Database;
import postdesk.store.OutboxStore;
import postdesk.timers.TimerWorker;
import postdesk.web.RatingPage;
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
    /** Each mailbox's poller, IDLE watcher and outbox worker, in the configuration's order; running while this daemon holds it. */
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final Leases leases;
    private final Core core;
    private final Clock clock;
    private final RandomGenerator random = new SecureRandom();
    private final TimerWorker timers;
    private final Retention retention;
    private final TicketMail ticketMail;
    private final LoginAlerts loginAlerts;
    private final StatusServer web;
    private final ScheduledExecutorService scheduler;
    /** Leases are renewed on a thread of their own: a long timer pass must not let them lapse. */
    private final ScheduledExecutorService leaseKeeper;
    private boolean closed;

    /** What serves one mailbox while this daemon holds it: one failing mailbox stops none of the others. */
    private final class Lane {
        final Mailbox mailbox;
        final Health.Mailbox health;
        private volatile MailboxPoller poller;
        private volatile OutboxWorker outbox;
        private IdleWatcher idle;
        private Thread pollerThread;
        private Thread idleThread;
        private Thread outboxThread;
        private ScheduledFuture<?> idleRefresh;

        Lane(Mailbox mailbox) {
            this.mailbox = mailbox;
            this.health = Postdesk.this.health.mailbox(mailbox.name());
        }

        synchronized void start() {
            if (poller != null) return;
            List<String> names = config.desk().mailboxes().stream().map(Mailbox::name).toList();
            // with several daemons on the database, outbox mail is claimed for as long as a lease holds
            java.time.Duration claimFor = config.database().servesOneDaemon() ? null : config.database().leaseTime();
            outbox = new OutboxWorker(mailbox, names, config.guards(), db, clock, health, metrics, random, Postdesk.this::catchingUp, claimFor);
            poller = new MailboxPoller(mailbox, db, core.pipeline(), health, metrics, Postdesk.this::wakeOutboxes);
            idle = new IdleWatcher(mailbox.imap(), health, poller::wake);
            // the default mailbox keeps the thread names it had before there were several
            String suffix = mailbox.name().equals(Mailbox.DEFAULT) ? "" : "-" + mailbox.name();
            pollerThread = thread("postdesk-imap" + suffix, poller);
            idleThread = thread("postdesk-idle" + suffix, idle);
            outboxThread = thread("postdesk-outbox" + suffix, outbox);
            idleRefresh = scheduler.scheduleWithFixedDelay(idle::refresh, IdleWatcher.REFRESH.toMillis(), IdleWatcher.REFRESH.toMillis(),
                    TimeUnit.MILLISECONDS);
            health.owned(true);
        }

        /**
         * Stops in the order that loses nothing: no new fetches (the mail in hand is finished), then
         * the outbox, with a last flush while the mailbox is still this daemon's ({@code flush}).
         */
        synchronized void stop(boolean flush) {
            if (poller == null) return;
            poller.stop();
            idle.stop();
            idleRefresh.cancel(false);
            join(pollerThread);
            outbox.stop();
            join(outboxThread);
            if (flush) {
                try {
                    outbox.flush();
                } catch (RuntimeException e) {
                    log.warn("final outbox flush of mailbox {} failed: {}", mailbox.name(), e.toString());
                }
            }
            join(idleThread);
            poller = null;
            outbox = null;
            health.owned(false);
        }

        boolean catchingUp() {
            MailboxPoller p = poller;
            return p != null && p.catchingUp();
        }

        void wake() {
            OutboxWorker o = outbox;
            if (o != null) o.wake();
        }
    }

    private Postdesk(PostdeskConfig config, Clock clock, Sandbox sandbox, Database db) throws Exception {
        this.config = config;
        this.sandbox = sandbox;
        this.db = db;
        this.clock = clock;
        this.health = new Health(clock);
        this.metrics = new Metrics();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "postdesk-scheduler"));
        this.leaseKeeper = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "postdesk-leases"));
        List<String> names = config.desk().mailboxes().stream().map(Mailbox::name).toList();
        this.leases = new Leases(db, names, config.database().leaseTime(), config.database().servesOneDaemon(), new Leases.Holder() {
            @Override
            public void acquired(String mailbox) {
                lanes.get(mailbox).start();
            }

            @Override
            public void lost(String mailbox, boolean stillHeld) {
                lanes.get(mailbox).stop(stillHeld);
            }
        });
        this.core = Core.build(config, db, clock, random, leases, this::httpPort); // asked only once the server listens
        for (Mailbox m : config.desk().mailboxes()) {
            Lane lane = new Lane(m);
            lanes.put(m.name(), lane);
            loginGauges("imap", m, m.imap().server(), lane.health::imapProblem, clock);
            loginGauges("smtp", m, m.smtp(), lane.health::smtpProblem, clock);
            metrics.gauge("postdesk.mailbox.held", "1 while this daemon reads and sends for the mailbox (holds its lease), else 0",
                    m.name(), () -> leases.holds(m.name()) ? 1 : 0);
        }
        this.timers = new TimerWorker(db, core.statusChanges(), core.sla(), clock);
        this.retention = new Retention(db, config.retention(), config.desk(), new AttachmentFiles(config.reading().attachmentsDir()), clock);
        this.ticketMail = core.mail();
        this.loginAlerts = new LoginAlerts(config.lifecycle().loginAlertAfter(), clock, health);
        this.web = new StatusServer(config.http(), config.reading().attachmentsDir(), config.desk(), config.sla(), db, health, leases,
                metrics, clock, new RatingPage(db, core.ratingTokens(), core.ratings(), clock));
        metrics.append(new SatisfactionMetrics(db)::exposition);
        metrics.gauge("postdesk.outbox.backlog", "mails waiting in the outbox", () -> new OutboxStore(db.dsl()).backlog());
        metrics.gauge("postdesk.answers.held", "agents' answers held by the collision guard, waiting for #send, #discard or a new answer",
                () -> new postdesk.store.TicketStore(db.dsl()).heldAnswers());
        metrics.gauge("postdesk.outbox.oldest.seconds", "age of the oldest mail waiting in the outbox (0 when empty)",
                () -> new OutboxStore(db.dsl()).oldestPendingAge(clock.instant()).map(java.time.Duration::toSeconds).orElse(0L));
        metrics.gauge("postdesk.mails.quarantine.waiting", "quarantined mails not yet replayed",
                () -> new postdesk.store.MailLog(db.dsl()).quarantinedCount());
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
        return lanes.values().stream().anyMatch(Lane::catchingUp);
    }

    /** Mail was queued: it may be for any mailbox's outbox (an agent's notification from another mailbox, a login alert). */
    private void wakeOutboxes() {
        lanes.values().forEach(Lane::wake);
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
            db = open(config);
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

    /** The database; an H2 file another daemon holds is refused in one line (several daemons need PostgreSQL). */
    private static Database open(PostdeskConfig config) {
        try {
            return Database.open(config.database().url(), config.database().user(), config.database().password());
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (config.database().servesOneDaemon() && t instanceof java.sql.SQLException sql && sql.getErrorCode() == 90020) {
                    throw new postdesk.config.ConfigException("db.url", "the H2 database " + config.database().redactedUrl()
                            + " is in use by another Postdesk: an embedded H2 file serves one daemon; several daemons share a PostgreSQL db.url");
                }
            }
            throw e;
        }
    }

    private void startWorkers() {
        web.start();
        leases.tick(); // at once: a daemon alone on its database reads every mailbox from the start
        long leaseMillis = leases.interval().toMillis();
        leaseKeeper.scheduleWithFixedDelay(() -> {
            try {
                leases.tick();
            } catch (RuntimeException e) {
                log.warn("lease renewal failed: {}", e.toString());
            }
        }, leaseMillis, leaseMillis, TimeUnit.MILLISECONDS);
        long timerMillis = config.lifecycle().timersInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::fireTimers, 0, timerMillis, TimeUnit.MILLISECONDS);
        if (sandbox != null) {
            sandbox.announce(config, web.port());
        } else {
            for (Lane lane : lanes.values()) {
                Mailbox m = lane.mailbox;
                log.info("mailbox {}: IMAP {} folder {}, SMTP {}, support address {}, {} agent(s){}", m.name(), m.imap().server(),
                        m.imap().inboxFolder(), m.smtp(), m.address(), m.agents().size(),
                        leases.holds(m.name()) ? "" : " (read by another daemon for now)");
            }
            log.info("Postdesk started: {} mailbox(es), daemon {}, status page http://{}:{}/", lanes.size(), leases.id(),
                    config.http().bind(), web.port());
        }
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.start();
        return t;
    }

    /**
     * Fires due timers now (the scheduler also does it every {@code timers.interval}), and runs the
     * retention pass when its hour has come.
     */
    public void fireTimers() {
        try {
            if (timers.fireDue() > 0) wakeOutboxes();
        } catch (RuntimeException e) {
            log.warn("timer pass failed: {}", e.toString());
        }
        try {
            retention.runIfDue();
        } catch (RuntimeException e) {
            log.warn("retention pass failed (it runs again within the hour): {}", e.toString());
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
    public synchronized void close() {
        if (closed) return;
        closed = true;
        log.info("Postdesk stopping");
        leaseKeeper.shutdownNow();
        join(leaseKeeper);
        scheduler.shutdownNow();
        try {
            leases.leave(); // each mailbox's work stops, then its lease goes: another daemon takes over at once
        } catch (RuntimeException e) {
            log.warn("giving the leases back failed (another daemon takes over after lease.time): {}", e.toString());
        }
        web.stop();
        db.close();
        if (sandbox != null) sandbox.close();
        log.info("Postdesk stopped");
    }

    private static void join(ScheduledExecutorService executor) {
        try {
            executor.awaitTermination(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
