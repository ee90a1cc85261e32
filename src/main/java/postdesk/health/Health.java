package postdesk.health;

import java.time.Clock;
import java.time.Instant;

/**
 * What the daemon knows about its connections, for {@code /healthz} and the status page:
 * the last good IMAP poll, and since when IMAP or SMTP have been failing and why.
 */
public final class Health {
    private final Clock clock;
    private volatile Instant lastPoll;
    private volatile Problem imap;
    private volatile Problem smtp;
    private volatile boolean idleConnected;

    public Health(Clock clock) {
        this.clock = clock;
    }

    /** A connection that is failing: since when, and the latest error. */
    public record Problem(Instant since, String error) {
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

    private Problem failing(Problem current, Exception e) {
        return new Problem(current == null ? clock.instant() : current.since(), oneLine(e));
    }

    /** An error as one log-friendly line (mail exceptions spread "nested exception is:" over several). */
    public static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }
}
