package postdesk.store;

import static postdesk.store.Columns.fit;
import static postdesk.store.schema.Tables.PROCESSED_MAIL;
import static postdesk.store.schema.Tables.QUARANTINE;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * What became of each mail taken from the mailbox: processed (with the ticket it went to) or
 * quarantined (kept raw with the reason). Both are written before the mail is moved on the server.
 */
public final class MailLog {
    private static final int UIDS_PER_QUERY = 500;
    private final DSLContext db;

    public MailLog(DSLContext db) {
        this.db = db;
    }

    /**
     * Where a mail sits on the server: folder (as the log names it: see {@code Mailbox.logFolder}),
     * UIDVALIDITY and UID, and the mailbox it came to (null: the first one, as for an archive or a replay).
     */
    public record MailboxPosition(String folder, long uidValidity, long uid, String mailbox) {
        public MailboxPosition(String folder, long uidValidity, long uid) {
            this(folder, uidValidity, uid, null);
        }
    }

    public record QuarantinedMail(long id, String messageId, String reason, byte[] raw, Instant created, Instant replayed, String replayOutcome) {
    }

    /** What became of a mail seen before. */
    public enum Seen { NEW, PROCESSED, QUARANTINED }

    /** Whether the mail at this position was taken before, and whether it waits in quarantine. */
    public Seen seenAt(MailboxPosition at) {
        return seenAt(at.folder(), at.uidValidity(), List.of(at.uid())).getOrDefault(at.uid(), Seen.NEW);
    }

    /**
     * The UIDs of a folder that were taken before (UIDs not in the map are new), in a query per
     * {@link #UIDS_PER_QUERY}: a poll of a full inbox asks once, not once a mail.
     */
    public Map<Long, Seen> seenAt(String folder, long uidValidity, Collection<Long> uids) {
        Map<Long, Seen> seen = new HashMap<>();
        List<Long> all = List.copyOf(uids);
        for (int from = 0; from < all.size(); from += UIDS_PER_QUERY) {
            db.select(PROCESSED_MAIL.UID, PROCESSED_MAIL.CONTENT_HASH).from(PROCESSED_MAIL)
                    .where(PROCESSED_MAIL.FOLDER.eq(folder).and(PROCESSED_MAIL.UID_VALIDITY.eq(uidValidity))
                            .and(PROCESSED_MAIL.UID.in(all.subList(from, Math.min(all.size(), from + UIDS_PER_QUERY)))))
                    .forEach(r -> seen.put(r.value1(), waitsInQuarantine(r.value2()) ? Seen.QUARANTINED : Seen.PROCESSED));
        }
        return seen;
    }

    /** The same mail arrived before under another UID (a copy, or a new UIDVALIDITY): same bytes. */
    public Seen seenContent(String contentHash) {
        var found = db.select(
                DSL.field(DSL.exists(DSL.selectOne().from(QUARANTINE)
                        .where(QUARANTINE.CONTENT_HASH.eq(contentHash).and(QUARANTINE.REPLAYED_AT.isNull())))),
                DSL.field(DSL.exists(DSL.selectOne().from(PROCESSED_MAIL).where(PROCESSED_MAIL.CONTENT_HASH.eq(contentHash)))),
                DSL.field(DSL.exists(DSL.selectOne().from(QUARANTINE).where(QUARANTINE.CONTENT_HASH.eq(contentHash)))))
                .fetchOne(); // one round trip for the three questions: this is asked of every mail
        if (found.value1()) return Seen.QUARANTINED;
        return found.value2() || found.value3() ? Seen.PROCESSED : Seen.NEW;
    }

    private boolean waitsInQuarantine(String contentHash) {
        return db.fetchExists(QUARANTINE, QUARANTINE.CONTENT_HASH.eq(contentHash).and(QUARANTINE.REPLAYED_AT.isNull()));
    }

    public void recordProcessed(MailboxPosition at, String messageId, String contentHash, String ticketId, String outcome, Instant now) {
        db.insertInto(PROCESSED_MAIL)
                .set(PROCESSED_MAIL.FOLDER, at.folder())
                .set(PROCESSED_MAIL.UID_VALIDITY, at.uidValidity())
                .set(PROCESSED_MAIL.UID, at.uid())
                .set(PROCESSED_MAIL.MESSAGE_ID, fit(PROCESSED_MAIL.MESSAGE_ID, messageId))
                .set(PROCESSED_MAIL.CONTENT_HASH, contentHash)
                .set(PROCESSED_MAIL.TICKET_ID, ticketId)
                .set(PROCESSED_MAIL.OUTCOME, outcome)
                .set(PROCESSED_MAIL.PROCESSED_AT, now)
                .execute();
    }

    public long quarantine(String messageId, String contentHash, String reason, byte[] raw, Instant now) {
        return db.insertInto(QUARANTINE)
                .set(QUARANTINE.MESSAGE_ID, fit(QUARANTINE.MESSAGE_ID, messageId))
                .set(QUARANTINE.CONTENT_HASH, contentHash)
                .set(QUARANTINE.REASON, fit(QUARANTINE.REASON, reason))
                .set(QUARANTINE.RAW, raw)
                .set(QUARANTINE.CREATED_AT, now)
                .returning(QUARANTINE.ID)
                .fetchOne(QUARANTINE.ID);
    }

    /** Quarantined mail, oldest first; {@code waitingOnly}: not yet replayed successfully. */
    public List<QuarantinedMail> quarantined(boolean waitingOnly) {
        return db.selectFrom(QUARANTINE).where(waitingOnly ? QUARANTINE.REPLAYED_AT.isNull() : org.jooq.impl.DSL.noCondition())
                .orderBy(QUARANTINE.ID)
                .fetch(r -> new QuarantinedMail(r.getId(), r.getMessageId(), r.getReason(), r.getRaw(), r.getCreatedAt(),
                        r.getReplayedAt(), r.getReplayOutcome()));
    }

    /** Quarantined mail still waiting (not replayed successfully). */
    public int quarantinedCount() {
        return db.fetchCount(QUARANTINE, QUARANTINE.REPLAYED_AT.isNull());
    }

    /**
     * Claims a quarantined mail for a replay in the caller's transaction: false when it was replayed
     * already, or another process replays it right now (its row is locked: skipped, not waited for).
     */
    public boolean claimReplay(long quarantineId) {
        return db.select(QUARANTINE.ID).from(QUARANTINE).where(QUARANTINE.ID.eq(quarantineId).and(QUARANTINE.REPLAYED_AT.isNull()))
                .forUpdate().skipLocked().fetchOptional().isPresent();
    }

    public void replayed(long quarantineId, String outcome, Instant now) {
        db.update(QUARANTINE).set(QUARANTINE.REPLAYED_AT, now).set(QUARANTINE.REPLAY_OUTCOME, fit(QUARANTINE.REPLAY_OUTCOME, outcome))
                .where(QUARANTINE.ID.eq(quarantineId)).execute();
    }

    public void replayFailed(long quarantineId, String reason) {
        db.update(QUARANTINE).set(QUARANTINE.REASON, fit(QUARANTINE.REASON, "replay failed: " + reason))
                .where(QUARANTINE.ID.eq(quarantineId)).execute();
    }
}
