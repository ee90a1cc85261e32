package postdesk.inbound;

import java.time.Instant;

import postdesk.config.Guards;
import postdesk.config.Rate;
import postdesk.mail.Address;
import postdesk.store.GuardStore;

/**
 * Pipeline step "rate-limit": a sender (or a sender's domain) that mailed more than its limit in
 * the window is not answered; its mail is still stored. The sender is told once per window.
 */
public final class RateLimits {
    static final String NOTICE = "RATE_LIMIT_NOTICE";
    private final Guards guards;

    public RateLimits(Guards guards) {
        this.guards = guards;
    }

    /** Whether this mail is over a limit (the mails already stored in the window are counted). */
    public boolean over(GuardStore store, Address sender, Instant now) {
        Rate perSender = guards.senderLimit();
        Rate perDomain = guards.domainLimit();
        return store.inboundFromSender(sender.address(), now.minus(perSender.window())) >= perSender.count()
                || store.inboundFromDomain(sender.domain(), now.minus(perDomain.window())) >= perDomain.count();
    }

    /** Whether the sender still has to be told, this window, that their mail is not being answered. */
    public boolean noticeDue(GuardStore store, Address sender, Instant now) {
        return store.autoMailSince(sender.address(), NOTICE, now.minus(guards.senderLimit().window())) == 0;
    }

    public Rate senderLimit() {
        return guards.senderLimit();
    }
}
