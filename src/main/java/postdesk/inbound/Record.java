package postdesk.inbound;

import java.time.Instant;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import postdesk.reading.Reading;
import postdesk.store.MailLog;

/**
 * Pipeline step "record": what became of the mail, in the same transaction as its effects (so a
 * crash leaves all or none), and a line in the log. A replayed mail's quarantine entry is marked.
 */
public final class Record {
    private static final Logger log = LoggerFactory.getLogger(InboundPipeline.class);

    public void processed(DSLContext tx, FetchedMail raw, Reading read, Outcome outcome, Long replayOf, Instant now) {
        MailLog mailLog = new MailLog(tx);
        mailLog.recordProcessed(raw.position(), read.mail().messageId(), raw.contentHash(), outcome.ticketValue(),
                outcome.action().name(), now);
        if (replayOf != null) mailLog.replayed(replayOf, outcome.action().name() + " " + outcome.ticketValue(), now);
        log.info("mail {} from {} ({}): {} {}", read.mail().messageId(), read.mail().from().address(), read.kind().label(),
                outcome.action(), outcome.ticket() == null ? "" : outcome.ticket());
    }
}
