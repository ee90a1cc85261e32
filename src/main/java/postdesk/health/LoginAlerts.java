package postdesk.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Tells the agents, once an outage, when a mailbox login (IMAP or SMTP) has been failing longer than
 * {@code login.alert.after}: an expired client secret or a withdrawn consent stops the desk without
 * a sound otherwise. The next outage (after a working login) is told again.
 */
public final class LoginAlerts {
    /** What is told: the protocol, when its failing began and the last error. */
    public interface Teller {
        void tell(String protocol, Instant since, String error);
    }

    private final Duration after;
    private final Clock clock;
    private final Watched imap;
    private final Watched smtp;

    public LoginAlerts(Duration after, Clock clock, Health health) {
        this.after = after;
        this.clock = clock;
        this.imap = new Watched("IMAP", health::imapProblem);
        this.smtp = new Watched("SMTP", health::smtpProblem);
    }

    /** Tells what is due; returns whether anything was. */
    public boolean check(Teller teller) {
        return imap.check(teller) | smtp.check(teller);
    }

    private final class Watched {
        private final String protocol;
        private final Supplier<Health.Problem> problem;
        /** the start of the outage already told, or null */
        private Instant told;

        Watched(String protocol, Supplier<Health.Problem> problem) {
            this.protocol = protocol;
            this.problem = problem;
        }

        boolean check(Teller teller) {
            Health.Problem p = problem.get();
            if (p == null) {
                told = null;
                return false;
            }
            if (p.since().equals(told) || clock.instant().isBefore(p.since().plus(after))) return false;
            teller.tell(protocol, p.since(), p.error());
            told = p.since();
            return true;
        }
    }
}
