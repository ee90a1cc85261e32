package postdesk.outbound;

import java.time.Clock;

import org.jooq.DSLContext;

import postdesk.config.Guards;
import postdesk.store.OutboxStore;
import postdesk.store.TicketStore;

/**
 * Queues mail inside the caller's transaction (the transactional outbox): the mail is rendered
 * now, with its final Message-ID, and sent by the {@link OutboxWorker} after the commit.
 */
public final class Outbox {
    private final MailComposer composer;
    private final RecipientGuard guard;
    private final Clock clock;
    private final boolean sends;

    private Outbox(MailComposer composer, Guards guards, Clock clock, boolean sends) {
        this.composer = composer;
        this.guard = new RecipientGuard(guards);
        this.clock = clock;
        this.sends = sends;
    }

    public Outbox(MailComposer composer, Guards guards, Clock clock) {
        this(composer, guards, clock, true);
    }

    /** An outbox that queues nothing: importing an archive answers nobody. */
    public static Outbox discarding(MailComposer composer, Guards guards, Clock clock) {
        return new Outbox(composer, guards, clock, false);
    }

    /** Queues {@code mail} in transaction {@code tx}; returns its Message-ID, or null when no recipient may get it. */
    public String queue(DSLContext tx, OutgoingMail requested) {
        if (!sends) return null;
        OutgoingMail mail = guard.filter(tx, requested, clock.instant());
        if (mail == null) return null;
        long position = mail.ticket() != null && mail.kind().audience == postdesk.mail.Audience.AGENT
                ? new TicketStore(tx).position(mail.ticket()) : 0;
        MailComposer.Composed composed = composer.compose(mail, clock.instant(), position);
        new OutboxStore(tx).enqueue(mail.from().mailbox(), mail.ticket() == null ? null : mail.ticket().value(), composed.messageId(), mail.kind().name(),
                mail.recipients().stream().map(a -> a.address()).toList(), mail.subject(), composed.raw(), clock.instant());
        if (mail.ticket() != null) new TicketStore(tx).addNewThreadRef(composed.messageId(), mail.ticket(), mail.kind().audience);
        return composed.messageId();
    }

    public MailComposer composer() {
        return composer;
    }
}
