package postdesk.inbound;

import java.time.Instant;
import java.util.Optional;

import postdesk.config.Guards;
import postdesk.config.Rate;
import postdesk.mail.Address;
import postdesk.outbound.OutgoingMail;
import postdesk.store.GuardStore;

/**
 * The inbound rate limits: a sender (or, when the operator turned it on, a sender's domain) that
 * mailed more than its limit in the window is not answered; its mail is still stored. The sender
 * is told once per window, naming the limit that tripped.
 */
public final class RateLimits {
    private final Guards guards;

    public RateLimits(Guards guards) {
        this.guards = guards;
    }

    /** A limit a mail is over: whose mail was counted (the sender, or its domain) and the rate. */
    public record Tripped(String who, Rate rate) {
        /** For the audit trail. */
        public String describe() {
            return "more than " + rate.count() + " mails in " + postdesk.config.Durations.format(rate.window()) + " from " + who;
        }
    }

    /** The limit this mail is over, if any (the mails already stored in the window are counted). */
    public Optional<Tripped> over(GuardStore store, Address sender, Instant now) {
        Rate perSender = guards.senderLimit();
        if (!perSender.isOff() && perSender.isReachedBy(store.inboundFromSender(sender.address(), now.minus(perSender.window())))) {
            return Optional.of(new Tripped(sender.address(), perSender));
        }
        Rate perDomain = guards.domainLimit();
        if (!perDomain.isOff() && perDomain.isReachedBy(store.inboundFromDomain(sender.domain(), now.minus(perDomain.window())))) {
            return Optional.of(new Tripped("the domain " + sender.domain(), perDomain));
        }
        return Optional.empty();
    }

    /** Whether the sender still has to be told, within the tripped limit's window, that their mail is not being answered. */
    public boolean noticeDue(GuardStore store, Address sender, Tripped tripped, Instant now) {
        return store.autoMailSince(sender.address(), OutgoingMail.Kind.RATE_LIMIT_NOTICE.name(), now.minus(tripped.rate().window())) == 0;
    }
}
