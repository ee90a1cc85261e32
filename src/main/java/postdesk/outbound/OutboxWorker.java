package postdesk.outbound;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import postdesk.config.Guards;
import postdesk.config.Mailbox;
import postdesk.config.MailServer;
import postdesk.health.CrashPoints;
import postdesk.health.Health;
import postdesk.health.Metrics;
import postdesk.login.Logins;
import postdesk.mail.MailSessions;
import postdesk.store.Database;
import postdesk.store.OutboxStore;
import postdesk.store.OutboxStore.QueuedMail;
import postdesk.store.TicketStore;
import postdesk.ticket.TicketId;

/**
 * Sends the outbox over SMTP. Mail of one ticket goes out in queue order: while one waits for a
 * retry, the later ones of that ticket wait too. A temporary failure is retried with exponential
 * back-off and jitter (30 s doubling up to 1 h) for {@link #GIVE_UP_AFTER}; a permanent (5xx)
 * refusal is recorded on the ticket and not retried. The stored bytes are sent as they are, so a
 * retried mail keeps its Message-ID.
 */
public final class OutboxWorker implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration MAX_RETRY = Duration.ofHours(1);
    static final Duration GIVE_UP_AFTER = Duration.ofDays(5);
    private static final int BATCH = 200;
    private static final Duration IDLE_CLOSE = Duration.ofSeconds(30);
    /** SMTP connections sending at once: a few hide the round trips; providers limit a sender's connections. */
    static final int CONNECTIONS = 4;
    /**
     * While the inbox holds a backlog (after an outage, a migration), ingesting it comes first: the
     * outbox sends at most every this often, so its SMTP sends and marks do not take the CPU and the
     * database from the tickets being made. One mail at a time is sent at once.
     */
    static final Duration BACKLOG_HOLD = Duration.ofSeconds(10);

    /**
     * The outbox rows are marked one after the other, by every worker of the daemon (one per
     * mailbox): side by side, their updates of the outbox deadlock in H2.
     */
    private static final Object MARKS = new Object();

    private final Mailbox mailbox;
    private final List<String> mailboxes;
    private final MailServer smtp;
    private final Guards guards;
    private final Database db;
    private final Clock clock;
    private final Health.Mailbox health;
    private final Metrics metrics;
    private final RandomGenerator random;
    private final Session session;
    private final SendRate automatic;
    private final java.util.function.BooleanSupplier backlog;
    /** How long a claim on outbox mail holds; null when this daemon is the database's only one. */
    private final Duration claimFor;
    private final String claimer = java.util.UUID.randomUUID().toString();
    /** A sleep another thread can cut short: one pending wake-up at most, taken by the next wait. */
    private final BlockingQueue<Boolean> wakeup = new ArrayBlockingQueue<>(1);
    private volatile boolean running = true;
    /** Connection k is used by sender k only: the worker thread is sender 0. */
    private final SmtpLine[] lines = new SmtpLine[CONNECTIONS];
    private final ExecutorService senders = Executors.newFixedThreadPool(CONNECTIONS - 1, r -> {
        Thread t = new Thread(r, "postdesk-smtp");
        t.setDaemon(true);
        return t;
    });

    /**
     * The worker of {@code mailbox}: it sends the mail queued for it over its SMTP login; the
     * first of {@code mailboxes} (every configured name) also sends mail of no configured mailbox.
     * {@code claimFor}: how long it claims mail before sending it, when other daemons share the
     * database (null: none do).
     */
    public OutboxWorker(Mailbox mailbox, List<String> mailboxes, Guards guards, Database db, Clock clock, Health.Mailbox health,
                        Metrics metrics, RandomGenerator random, java.util.function.BooleanSupplier backlog, Duration claimFor) {
        this.mailbox = mailbox;
        this.mailboxes = List.copyOf(mailboxes);
        this.smtp = mailbox.smtp();
        this.backlog = backlog;
        this.claimFor = claimFor;
        this.guards = guards;
        this.automatic = new SendRate(guards.autoReplyTotal(), clock);
        this.db = db;
        this.clock = clock;
        this.health = health;
        this.metrics = metrics;
        this.random = random;
        this.session = MailSessions.smtp(smtp, mailbox.address());
        for (int k = 0; k < CONNECTIONS; k++) lines[k] = new SmtpLine();
    }

    @Override
    public void run() {
        long lastPass = System.nanoTime();
        while (running) {
            try {
                if (backlog.getAsBoolean() && System.nanoTime() - lastPass < BACKLOG_HOLD.toNanos()) {
                    wakeup.poll(1, TimeUnit.SECONDS);
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
                continue;
            }
            lastPass = System.nanoTime();
            try {
                deliverDue();
                for (SmtpLine line : lines) line.closeIfIdle();
            } catch (RuntimeException e) {
                log.warn("outbox pass failed: {}", e.toString());
            }
            try {
                wakeup.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    /** Asks for a delivery pass now (mail was queued). */
    public void wake() {
        wakeup.offer(Boolean.TRUE);
    }

    /** Stops after the pass in hand; then {@link #flush()} sends what is left. */
    public void stop() {
        running = false;
        wakeup.offer(Boolean.TRUE);
    }

    /** A last delivery pass after the worker thread stopped, then the connection is closed. */
    public void flush() {
        try {
            deliverDue();
        } finally {
            for (SmtpLine line : lines) line.close();
            senders.shutdown();
        }
    }

    /** Sends every mail that is due; returns how many were accepted by the server. */
    public int deliverDue() {
        int total = 0;
        while (true) {
            List<QueuedMail> due = due();
            if (due.isEmpty()) return total;
            // only what the database made durable leaves: a crash must not leave mail sent about a ticket it lost
            db.barrier();
            int sent = send(due);
            total += sent;
            if (sent == 0) return total; // everything failed: it waits for its retry time
        }
    }

    /** Due mail in queue order, leaving out every mail of a ticket whose earlier mail still waits. */
    private List<QueuedMail> due() {
        Instant now = clock.instant();
        Set<String> held = new HashSet<>();
        List<QueuedMail> due = new ArrayList<>();
        boolean orphans = mailboxes.get(0).equals(mailbox.name());
        for (QueuedMail m : new OutboxStore(db.dsl()).pending(mailbox.name(), orphans, mailboxes, BATCH)) {
            if (held.contains(orderKey(m))) continue;
            if (m.nextAttempt().isAfter(now)) {
                held.add(orderKey(m));
            } else {
                due.add(m);
            }
        }
        return due;
    }

    /**
     * What must go out in queue order: one ticket's mail to one side. The customer's thread and the
     * agents' stay in order each, and an acknowledgement waiting for {@code autoreply.total} does
     * not hold up the agents' notification of the same ticket.
     */
    private static String orderKey(QueuedMail m) {
        return m.ticketId() == null ? "#" + m.id() : m.ticketId() + "/" + OutgoingMail.Kind.valueOf(m.kind()).audience;
    }

    /**
     * Sends one pass. The due mail is split into lanes (one ticket's mail to one side, in queue
     * order) and the lanes over up to {@link #CONNECTIONS} SMTP connections kept open between
     * passes (connecting, EHLO, STARTTLS and AUTH per mail would cost more than the mail), each
     * sending its lanes one mail after the other. Each mail the server accepted is marked sent at
     * once, and no transaction is open while SMTP is waited on: only a crash in the moment between
     * the server's 250 and that mark sends a mail again. (Marks of 20 mails at a time left a window
     * of 20 sends: the crash test then saw an acknowledgement sent three times.)
     */
    private int send(List<QueuedMail> due) {
        List<List<QueuedMail>> groups = new ArrayList<>();
        Map<String, Integer> laneGroup = new HashMap<>();
        for (QueuedMail m : due) {
            int g = laneGroup.computeIfAbsent(orderKey(m), k -> laneGroup.size() % CONNECTIONS);
            while (groups.size() <= g) groups.add(new ArrayList<>());
            groups.get(g).add(m);
        }
        List<Future<Integer>> others = new ArrayList<>();
        for (int g = 1; g < groups.size(); g++) {
            SmtpLine line = lines[g];
            List<QueuedMail> group = groups.get(g);
            others.add(senders.submit(() -> sendGroup(line, group)));
        }
        int sent = groups.isEmpty() ? 0 : sendGroup(lines[0], groups.get(0));
        for (Future<Integer> other : others) {
            try {
                sent += other.get();
            } catch (ExecutionException e) {
                log.warn("an SMTP sender failed: {}", e.getCause().toString()); // its mail is retried in the next pass
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return sent;
    }

    /** Sends a group of lanes over one connection; returns how many the server accepted without refusals. */
    private int sendGroup(SmtpLine line, List<QueuedMail> group) {
        int sent = 0;
        int capReached = 0;
        Set<String> held = new HashSet<>();
        Transport transport = null;
        Set<Long> claimed = claim(group);
        long claimedAt = System.nanoTime();
        for (int i = 0; i < group.size(); i++) {
            QueuedMail m = group.get(i);
            if (held.contains(orderKey(m))) continue; // keep the ticket's order: wait behind the failed one
            if (!claimed.contains(m.id())) {
                held.add(orderKey(m)); // another daemon sends it: the rest of its lane waits behind it
                continue;
            }
            if (claimFor != null && System.nanoTime() - claimedAt > claimFor.toNanos() / 2) break; // claimed afresh next pass
            if (isAutomaticToCustomers(m) && !automatic.take()) {
                if (capReached++ == 0) log.info("autoreply.total {} reached: automatic mail waits in the outbox", guards.autoReplyTotal());
                held.add(orderKey(m));
                continue;
            }
            try {
                if (transport == null) transport = line.connected(); // checked once a pass
                switch (sendOne(transport, m)) {
                    case SENT -> {
                        markSent(m.id());
                        sent++;
                    }
                    case DONE -> { }
                    case HELD -> held.add(orderKey(m));
                }
            } catch (MessagingException e) {
                health.smtpFailed(e);
                log.warn("SMTP {} of mailbox {} unavailable: {}", smtp, mailbox.name(), Health.oneLine(e));
                line.close();
                for (QueuedMail rest : group.subList(i, group.size())) {
                    if (held.add(orderKey(rest))) retry(rest, e);
                }
                return sent;
            }
        }
        health.smtpSucceeded();
        line.lastUseNanos = System.nanoTime();
        return sent;
    }

    /**
     * The mail of {@code group} this sender may send. With several daemons on the database, each
     * mail is claimed for {@code claimFor} first: a daemon that stalled past its lease and the
     * mailbox's next holder must not both send what one pass read (a stall and a kill together
     * sent acknowledgements three times). An H2 file serves one daemon, so there is nobody to claim
     * from.
     */
    private Set<Long> claim(List<QueuedMail> group) {
        List<Long> ids = group.stream().map(QueuedMail::id).toList();
        if (claimFor == null) return new HashSet<>(ids);
        Instant now = clock.instant();
        return db.transaction(tx -> new OutboxStore(tx).claim(ids, claimer, now, now.plus(claimFor)));
    }

    private void markSent(long id) {
        CrashPoints.reach(CrashPoints.AFTER_SEND);
        Instant now = clock.instant();
        synchronized (MARKS) {
            db.transaction(tx -> {
                new OutboxStore(tx).markSent(id, null, now);
                return null;
            });
        }
        metrics.sent.increment();
    }

    private static boolean isAutomaticToCustomers(QueuedMail m) {
        OutgoingMail.Kind kind = OutgoingMail.Kind.valueOf(m.kind());
        return kind.autoSubmitted != OutgoingMail.AutoSubmitted.NO && kind.audience == postdesk.mail.Audience.CUSTOMER;
    }

    /** One SMTP connection, used by one sender at a time. */
    private final class SmtpLine {
        private Transport transport;
        private volatile long lastUseNanos;

        /** The open connection, checked with a NOOP, or a new one. */
        Transport connected() throws MessagingException {
            if (transport != null && transport.isConnected()) return transport;
            close();
            Transport t = session.getTransport(MailSessions.smtpProtocol(smtp));
            try {
                if (smtp.hasLogin()) {
                    t.connect(smtp.host(), smtp.port(), smtp.user(), Logins.secret(smtp));
                } else {
                    t.connect(smtp.host(), smtp.port(), null, null);
                }
            } catch (jakarta.mail.AuthenticationFailedException e) {
                Logins.refused(smtp); // an expired or revoked token: the next attempt gets a fresh one
                throw e;
            }
            transport = t;
            return t;
        }

        /** Closes the connection when it has been idle for a while, so no server times it out under us. */
        void closeIfIdle() {
            if (transport != null && System.nanoTime() - lastUseNanos > IDLE_CLOSE.toNanos()) close();
        }

        void close() {
            if (transport != null) {
                try {
                    transport.close();
                } catch (MessagingException e) {
                    log.debug("closing SMTP connection: {}", e.toString());
                }
                transport = null;
            }
        }
    }

    /** What became of one mail handed to SMTP. */
    private enum Sent {
        /** accepted by the server and marked sent */
        SENT,
        /** settled already (accepted with refusals, or failed for good) */
        DONE,
        /** waits for a retry: the rest of its lane waits behind it */
        HELD
    }

    private Sent sendOne(Transport transport, QueuedMail m) throws MessagingException {
        MimeMessage msg = new MimeMessage(session, new ByteArrayInputStream(m.raw().getBytes(StandardCharsets.ISO_8859_1)));
        Address[] recipients = new Address[m.recipients().size()];
        try {
            for (int i = 0; i < recipients.length; i++) recipients[i] = new InternetAddress(m.recipients().get(i), true);
        } catch (jakarta.mail.internet.AddressException e) {
            fail(m, e); // no server can take this address: a permanent failure of this mail, not an outage
            return Sent.DONE;
        }
        try {
            transport.sendMessage(msg, recipients);
            return Sent.SENT;
        } catch (SendFailedException e) {
            Address[] delivered = e.getValidSentAddresses();
            if (delivered != null && delivered.length > 0) {
                // some recipients took it: done, and the refused ones are noted on the ticket
                markSentWithRefusals(m, e);
                metrics.sent.increment();
                return Sent.DONE;
            }
            if (isPermanent(e)) {
                fail(m, e);
                return Sent.DONE;
            }
            retry(m, e);
            return Sent.HELD;
        } catch (MessagingException e) {
            if (!transport.isConnected()) throw e; // the connection broke: the rest of the batch waits
            retry(m, e);
            return Sent.HELD;
        }
    }

    private void markSentWithRefusals(QueuedMail m, SendFailedException e) {
        String note = "refused: " + describe(e);
        db.transaction(tx -> {
            new OutboxStore(tx).markSent(m.id(), note, clock.instant());
            event(tx, m, "mail_refused", note);
            suppressRefused(tx, e);
            return null;
        });
    }

    private void fail(QueuedMail m, Exception e) {
        String error = describe(e);
        log.warn("mail {} to {} refused permanently: {}", m.messageId(), m.recipients(), error);
        metrics.bounced.increment();
        db.transaction(tx -> {
            new OutboxStore(tx).markFailed(m.id(), error);
            event(tx, m, "mail_bounced", m.kind() + " to " + String.join(", ", m.recipients()) + ": " + error);
            if (e instanceof SendFailedException refused) suppressRefused(tx, refused);
            return null;
        });
    }

    /** Addresses the server refused for good get no mail for a while, as after a bounce. */
    private void suppressRefused(org.jooq.DSLContext tx, SendFailedException e) {
        if (e.getInvalidAddresses() == null || !isPermanent(e)) return;
        Instant now = clock.instant();
        for (Address a : e.getInvalidAddresses()) {
            new postdesk.store.GuardStore(tx).suppress(((InternetAddress) a).getAddress(), now.plus(guards.bounceSuppress()),
                    "refused at SMTP: " + describe(e), now);
        }
    }

    private void retry(QueuedMail m, Exception e) {
        Instant now = clock.instant();
        if (Duration.between(m.created(), now).compareTo(GIVE_UP_AFTER) > 0) {
            fail(m, new MessagingException("gave up after " + GIVE_UP_AFTER.toDays() + " days: " + describe(e)));
            return;
        }
        metrics.retried.increment();
        Instant next = now.plus(backoff(m.attempts() + 1, random));
        db.transaction(tx -> {
            new OutboxStore(tx).markRetry(m.id(), describe(e), next);
            return null;
        });
    }

    /** 30 s, 1 min, 2 min … capped at 1 h, each ±20 % so a crowd of retries spreads out. */
    static Duration backoff(int attempt, RandomGenerator random) {
        long base = FIRST_RETRY.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, MAX_RETRY.toMillis());
        double jitter = 0.8 + 0.4 * random.nextDouble();
        return Duration.ofMillis((long) (capped * jitter));
    }

    /** 5xx for every refused recipient (or for the whole mail) means retrying cannot help. */
    static boolean isPermanent(MessagingException e) {
        boolean anyCode = false;
        for (Exception x = e; x != null; x = x instanceof MessagingException me ? me.getNextException() : null) {
            int code = x instanceof SMTPAddressFailedException a ? a.getReturnCode()
                    : x instanceof SMTPSendFailedException s ? s.getReturnCode() : -1;
            if (code > 0) {
                if (code < 500) return false;
                anyCode = true;
            }
        }
        return anyCode;
    }

    private static String describe(Exception e) {
        StringBuilder b = new StringBuilder();
        for (Exception x = e; x != null; x = x instanceof MessagingException me ? me.getNextException() : null) {
            if (b.length() > 0) b.append(" / ");
            b.append(x.getMessage() == null ? x.getClass().getSimpleName() : x.getMessage().strip());
            if (b.length() > 1500) break;
        }
        return b.toString().replaceAll("\\s+", " ");
    }

    private void event(org.jooq.DSLContext tx, QueuedMail m, String kind, String detail) {
        if (m.ticketId() != null) {
            new TicketStore(tx).addEvent(new TicketId(m.ticketId()), kind, "postdesk", detail, clock.instant());
        }
    }
}
