package postdesk.outbound;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jooq.DSLContext;

import postdesk.config.Guards;
import postdesk.mail.Address;
import postdesk.store.GuardStore;
import postdesk.store.TicketStore;

/**
 * The last check before a mail to customers is queued: never to a robot address (no-reply,
 * mailer-daemon, postmaster), never to an address that hard-bounced recently, and automatic mail
 * (acknowledgements, notices) to one recipient at most {@code autoreply.cap} per window, so two
 * auto-responders cannot ping-pong. Automatic mail also goes to at most
 * {@code autoreply.recipients.max} people, so a long Cc line is not amplified (a flood from many
 * domains is bounded where mail leaves, see {@link SendRate}). Whoever is left out is named on the
 * ticket's audit trail.
 */
final class RecipientGuard {
    private final Guards guards;

    RecipientGuard(Guards guards) {
        this.guards = guards;
    }

    /** The mail with only the recipients it may reach, or null when nobody is left. */
    OutgoingMail filter(DSLContext tx, OutgoingMail mail, Instant now) {
        if (mail.kind().audience == postdesk.mail.Audience.AGENT) return mail;
        GuardStore store = new GuardStore(tx);
        boolean automatic = mail.kind().autoSubmitted != OutgoingMail.AutoSubmitted.NO;
        List<String> refused = new ArrayList<>();
        List<Address> to = allowed(store, mail.to(), automatic, now, refused);
        List<Address> cc = allowed(store, mail.cc(), automatic, now, refused);
        if (automatic) {
            to = upTo(to, guards.autoRecipientsMax(), refused);
            cc = upTo(cc, guards.autoRecipientsMax() - to.size(), refused);
        }
        if (!refused.isEmpty() && mail.ticket() != null) {
            new TicketStore(tx).addEvent(mail.ticket(), "not_sent", "postdesk",
                    mail.kind() + " not sent to " + String.join(", ", refused), now);
        }
        if (to.isEmpty()) {
            // the requester cannot be mailed, the people copied still can
            to = cc;
            cc = List.of();
        }
        if (to.isEmpty()) return null;
        if (automatic) {
            for (Address a : to) store.recordAutoMail(a.address(), mail.kind().name(), now);
            for (Address a : cc) store.recordAutoMail(a.address(), mail.kind().name(), now);
        }
        return new OutgoingMail(mail.kind(), mail.ticket(), mail.from(), to, cc, mail.subject(), mail.threadIds(), mail.text(), mail.html(),
                mail.files());
    }

    /** The first {@code room} recipients; the others are named in {@code refused}. */
    private List<Address> upTo(List<Address> recipients, int room, List<String> refused) {
        int n = Math.min(recipients.size(), Math.max(0, room));
        for (Address a : recipients.subList(n, recipients.size())) {
            refused.add(a.address() + " (over " + guards.autoRecipientsMax() + " recipients of an automatic mail)");
        }
        return recipients.subList(0, n);
    }

    private List<Address> allowed(GuardStore store, List<Address> recipients, boolean automatic, Instant now, List<String> refused) {
        List<Address> out = new ArrayList<>();
        for (Address a : recipients) {
            String why = a.isRobot() ? "an address that does not read mail"
                    : store.isSuppressed(a.address(), now) ? "it bounced"
                    : automatic && !guards.autoReplyCap().isOff() && guards.autoReplyCap().isReachedBy(store.autoMailSince(a.address(), null, now.minus(guards.autoReplyCap().window())))
                    ? "cap of " + guards.autoReplyCap() + " automatic mails reached" : null;
            if (why == null) out.add(a);
            else refused.add(a.address() + " (" + why + ")");
        }
        return out;
    }
}
