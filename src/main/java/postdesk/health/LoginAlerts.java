package postdesk.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Tells the agents, once an outage, when a mailbox login (IMAP or SMTP) has been failing longer than
 * {@code login.alert.after}: an expired client secret or a withdrawn consent stops the desk without
 * a sound otherwise. The next outage (after a working login) is told again. Each mailbox and
 * protocol is watched on its own.
 */
public final class LoginAlerts {
    /** What is told: the mailbox, the protocol, when its failing began and the last error. */
    public interface Teller {
        void tell(String mailbox, String protocol, Instant since, String error);
    }

    private final Duration after;
    private final Clock clock;
    private final Health health;
    /** Per mailbox and protocol: the start of the outage already told. */
    private final Map<String, Instant> told = new HashMap<>();

    public LoginAlerts(Duration after, Clock clock, Health health) {
        this.after = after;
        this.clock = clock;
        this.health = health;
    }

    /** Tells what is due; returns whether anything was. */
    public synchronized boolean check(Teller teller) {
        boolean any = false;
        for (Health.Mailbox m : health.mailboxes()) {
            any |= check(teller, m, "IMAP", Health.Mailbox::imapProblem);
            any |= check(teller, m, "SMTP", Health.Mailbox::smtpProblem);
        }
        return any;
    }

    private boolean check(Teller teller, Health.Mailbox mailbox, String protocol, Function<Health.Mailbox, Health.Problem> problem) {
        String key = mailbox.name() + "/" + protocol;
        Health.Problem p = problem.apply(mailbox);
        if (p == null) {
            told.remove(key);
            return false;
        }
        if (p.since().equals(told.get(key)) || clock.instant().isBefore(p.since().plus(after))) return false;
        teller.tell(mailbox.name(), protocol, p.since(), p.error());
        told.put(key, p.since());
        return true;
    }
}
