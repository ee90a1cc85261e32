package postdesk.inbound;

import java.util.Optional;

import postdesk.store.Database;
import postdesk.store.MailLog;

/**
 * Pipeline step "dedupe": a mail seen before by content (Message-ID + body: a copy under another
 * UID, a second delivery through an alias, a new UIDVALIDITY) is not processed again, only moved
 * to where its first copy went. The poller checks the mailbox position before it fetches a body.
 */
public final class Dedupe {
    private final Database db;

    public Dedupe(Database db) {
        this.db = db;
    }

    public Optional<Outcome> seenBefore(FetchedMail raw) {
        MailLog.Seen seen = new MailLog(db.dsl()).seenContent(raw.contentHash());
        return seen == MailLog.Seen.NEW ? Optional.empty() : Optional.of(Outcome.duplicate(seen));
    }
}
