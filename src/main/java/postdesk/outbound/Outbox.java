package postdesk.outbound;

import java.time.Clock;

import org.jooq.DSLContext;

import postdesk.store.OutboxStore;
import postdesk.store.TicketStore;

/**
 * Queues mail inside the caller's transaction (the transactional outbox): the mail is rendered
 * now, with its final Message-ID, and sent by the {@link OutboxWorker} after the commit.
 */
public final class Outbox {
    private final MailComposer composer;
    private final Clock clock;

    public Outbox(MailComposer composer, Clock clock) {
        this.composer = composer;
        this.clock = clock;
    }

    /** Queues {@code mail} in transaction {@code tx}; returns its Message-ID. */
    public String queue(DSLContext tx, OutgoingMail mail) {
        MailComposer.Composed composed = composer.compose(mail, clock.instant());
        new OutboxStore(tx).enqueue(mail.ticket() == null ? null : mail.ticket().value(), composed.messageId(), mail.kind().name(),
                mail.recipients().stream().map(a -> a.address()).toList(), mail.subject(), composed.raw(), clock.instant());
        if (mail.ticket() != null) new TicketStore(tx).addThreadRef(composed.messageId(), mail.ticket(), mail.kind().audience);
        return composed.messageId();
    }

    public MailComposer composer() {
        return composer;
    }
}
