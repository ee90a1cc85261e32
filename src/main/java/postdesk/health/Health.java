package postdesk.health;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the daemon knows about its connections, for {@code /healthz} and the status page: for each
 * mailbox, the last good IMAP poll, and since when its IMAP or SMTP login has been failing and why.
 * The desk-wide answers are the worst of its mailboxes.
 */
public final class Health {
    private final Clock clock;
    private final Map<String, Mailbox> mailboxes = new ConcurrentHashMap<>();
    private final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Health(Clock clock) {
        this.clock = clock;
    }

    /** A connection that is failing: since when, and the latest error. */
    public record Problem(Instant since, String error) {
    }

    /** The health of mailbox {@code name}, made on first use. */
    public Mailbox mailbox(String name) {
        return mailboxes.computeIfAbsent(name, n -> {
            order.add(n);
            return new Mailbox(n);
        });
    }

    /** Every mailbox, in the order they were first asked for (the configuration's). */
    public List<Mailbox> mailboxes() {
        List<Mailbox> out = new ArrayList<>();
        for (String n : order) out.add(mailboxes.get(n));
        return out;
    }

    /** The mailboxes this daemon reads now. */
    private List<Mailbox> owned() {
        return mailboxes().stream().filter(Mailbox::owned).toList();
    }

    /** The oldest of this daemon's mailboxes' last good polls: null until every one has polled once. */
    public Instant lastPoll() {
        Instant oldest = null;
        for (Mailbox m : owned()) {
            if (m.lastPoll == null) return null;
            if (oldest == null || m.lastPoll.isBefore(oldest)) oldest = m.lastPoll;
        }
        return oldest;
    }

    /** The first failing IMAP login among the mailboxes, or null. */
    public Problem imapProblem() {
        return owned().stream().map(Mailbox::imapProblem).filter(Objects::nonNull).findFirst().orElse(null);
    }

    public Problem smtpProblem() {
        return owned().stream().map(Mailbox::smtpProblem).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** Whether every mailbox this daemon reads holds its IDLE connection. */
    public boolean idleConnected() {
        List<Mailbox> all = owned();
        return !all.isEmpty() && all.stream().allMatch(Mailbox::idleConnected);
    }

    /** One mailbox's connections. */
    public final class Mailbox {
        private final String name;
        private volatile Instant lastPoll;
        private volatile Problem imap;
        private volatile Problem smtp;
        private volatile boolean idleConnected;
        private volatile boolean owned;

        private Mailbox(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public void pollSucceeded() {
            lastPoll = clock.instant();
            imap = null;
        }

        public void imapFailed(Exception e) {
            imap = failing(imap, e);
        }

        public void smtpSucceeded() {
            smtp = null;
        }

        public void smtpFailed(Exception e) {
            smtp = failing(smtp, e);
        }

        public void idleConnected(boolean connected) {
            idleConnected = connected;
        }

        public Instant lastPoll() {
            return lastPoll;
        }

        public Problem imapProblem() {
            return imap;
        }

        public Problem smtpProblem() {
            return smtp;
        }

        public boolean idleConnected() {
            return idleConnected;
        }

        /** Whether this daemon reads the mailbox now (with several daemons, another may). */
        public boolean owned() {
            return owned;
        }

        public void owned(boolean owned) {
            this.owned = owned;
            if (!owned) {
                imap = null; // another daemon's connections now: this one's past failures say nothing
                smtp = null;
                idleConnected = false;
            }
        }
    }

    private Problem failing(Problem current, Exception e) {
        return new Problem(current == null ? clock.instant() : current.since(), oneLine(e));
    }

    /** An error as one log-friendly line (mail exceptions spread "nested exception is:" over several). */
    public static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }
}
