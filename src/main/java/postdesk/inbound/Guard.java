package postdesk.inbound;

import java.time.Instant;
import java.util.Optional;

import org.jooq.DSLContext;

import postdesk.bounce.Bounce;
import postdesk.config.Guards;
import postdesk.reading.MailKind;
import postdesk.store.GuardStore;

/**
 * Pipeline step "guard": what the mail tells the guards and what they say of it. A hard bounce
 * suppresses the failed addresses; a person's mail lifts its sender's suppression; the inbound
 * rate limits say whether the mail is over one. Postdesk's own mail passes none of them, and an
 * archive's mail was answered (or not) long ago, so no limit applies to it.
 */
public final class Guard {
    private final Guards guards;
    private final RateLimits limits;
    private final Intake intake;

    public Guard(Guards guards, Intake intake) {
        this.guards = guards;
        this.limits = new RateLimits(guards);
        this.intake = intake;
    }

    /** The guards' verdict on one mail: the limit it is over, if any. */
    public record Verdict(Optional<RateLimits.Tripped> limited) {
        public static final Verdict NONE = new Verdict(Optional.empty());
    }

    public Verdict check(DSLContext tx, Arrival a, Instant now) {
        if (a.role() == Role.SELF) return Verdict.NONE;
        GuardStore store = new GuardStore(tx);
        if (a.read().bounce() != null) {
            for (Bounce.Recipient r : a.read().bounce().permanentFailures()) {
                if (r.address() == null || r.address().isBlank()) continue;
                store.suppress(r.address(), now.plus(guards.bounceSuppress()), "hard bounce " + r.status(), now);
            }
        }
        boolean human = a.kind() == MailKind.HUMAN;
        if (human && !a.forged()) store.unsuppress(a.mail().from().address()); // it wrote to us: it receives mail again
        if (!human || intake != Intake.LIVE || a.role() == Role.AGENT) return Verdict.NONE;
        return new Verdict(limits.over(store, a.mail().from(), now));
    }
}
