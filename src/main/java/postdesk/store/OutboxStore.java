package postdesk.store;

import static postdesk.store.Columns.fit;
import static postdesk.store.schema.Tables.OUTBOX;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The outbox table: mail queued with the change that caused it, sent later by the outbox worker. */
public final class OutboxStore {
    public static final String PENDING = "PENDING";
    public static final String SENT = "SENT";
    public static final String FAILED = "FAILED";

    private final DSLContext db;

    public OutboxStore(DSLContext db) {
        this.db = db;
    }

    /** One queued mail: {@code raw} is the complete RFC 5322 message, Message-ID included. */
    public record QueuedMail(long id, String ticketId, String messageId, String kind, List<String> recipients,
                             String subject, String raw, int attempts, Instant nextAttempt, Instant created) {
    }

    /** Queues a rendered mail to leave by {@code mailbox}'s SMTP login. */
    public long enqueue(String mailbox, String ticketId, String messageId, String kind, List<String> recipients, String subject, String raw,
                        Instant now) {
        return db.insertInto(OUTBOX)
                .set(OUTBOX.MAILBOX, mailbox)
                .set(OUTBOX.TICKET_ID, ticketId)
                .set(OUTBOX.MESSAGE_ID, messageId)
                .set(OUTBOX.KIND, kind)
                .set(OUTBOX.RECIPIENTS, String.join(",", recipients)) // unbounded (V9): a cut list would lose a recipient
                .set(OUTBOX.SUBJECT, fit(OUTBOX.SUBJECT, subject))
                .set(OUTBOX.RAW, raw)
                .set(OUTBOX.STATUS, PENDING)
                .set(OUTBOX.ATTEMPTS, 0)
                .set(OUTBOX.NEXT_ATTEMPT_AT, now)
                .set(OUTBOX.CREATED_AT, now)
                .returning(OUTBOX.ID)
                .fetchOne(OUTBOX.ID);
    }

    /**
     * Pending mail of {@code mailbox} in queue order, due or not (the worker keeps per-ticket order
     * itself); with {@code orphans}, also the mail of no mailbox among {@code configured} (queued
     * before there were several, or by a mailbox since removed).
     */
    public List<QueuedMail> pending(String mailbox, boolean orphans, java.util.Collection<String> configured, int limit) {
        Condition mine = OUTBOX.MAILBOX.eq(mailbox);
        if (orphans) mine = mine.or(OUTBOX.MAILBOX.isNull()).or(OUTBOX.MAILBOX.notIn(configured));
        return db.selectFrom(OUTBOX).where(OUTBOX.STATUS.eq(PENDING)).and(mine).orderBy(OUTBOX.ID).limit(limit)
                .fetch(r -> new QueuedMail(r.getId(), r.getTicketId(), r.getMessageId(), r.getKind(),
                        List.of(r.getRecipients().split(",")), r.getSubject(), r.getRaw(), r.getAttempts(),
                        r.getNextAttemptAt(), r.getCreatedAt()));
    }

    /**
     * Claims those of {@code ids} that still wait and that no other sender holds, until {@code until}
     * ({@code by} may take its own claims again); returns the ids now held by {@code by}. One
     * conditional update, so two daemons asking at once never both get a mail.
     */
    public Set<Long> claim(Collection<Long> ids, String by, Instant now, Instant until) {
        if (ids.isEmpty()) return Set.of();
        db.update(OUTBOX).set(OUTBOX.CLAIMED_BY, by).set(OUTBOX.CLAIMED_UNTIL, until)
                .where(OUTBOX.ID.in(ids)).and(OUTBOX.STATUS.eq(PENDING))
                .and(OUTBOX.CLAIMED_UNTIL.isNull().or(OUTBOX.CLAIMED_UNTIL.le(now)).or(OUTBOX.CLAIMED_BY.eq(by)))
                .execute();
        return new HashSet<>(db.select(OUTBOX.ID).from(OUTBOX)
                .where(OUTBOX.ID.in(ids)).and(OUTBOX.CLAIMED_BY.eq(by)).and(OUTBOX.STATUS.eq(PENDING))
                .fetch(OUTBOX.ID));
    }

    public void markSent(long id, String note, Instant now) {
        db.update(OUTBOX).set(OUTBOX.STATUS, SENT).set(OUTBOX.SENT_AT, now)
                .set(OUTBOX.ATTEMPTS, OUTBOX.ATTEMPTS.plus(1)).set(OUTBOX.LAST_ERROR, fit(OUTBOX.LAST_ERROR, note))
                .where(OUTBOX.ID.eq(id)).execute();
    }

    public void markRetry(long id, String error, Instant next) {
        db.update(OUTBOX).set(OUTBOX.ATTEMPTS, OUTBOX.ATTEMPTS.plus(1))
                .set(OUTBOX.LAST_ERROR, fit(OUTBOX.LAST_ERROR, error)).set(OUTBOX.NEXT_ATTEMPT_AT, next)
                .where(OUTBOX.ID.eq(id)).execute();
    }

    public void markFailed(long id, String error) {
        db.update(OUTBOX).set(OUTBOX.STATUS, FAILED).set(OUTBOX.ATTEMPTS, OUTBOX.ATTEMPTS.plus(1))
                .set(OUTBOX.LAST_ERROR, fit(OUTBOX.LAST_ERROR, error))
                .where(OUTBOX.ID.eq(id)).execute();
    }

    public int backlog() {
        return db.fetchCount(OUTBOX, OUTBOX.STATUS.eq(PENDING));
    }

    /** Mail waiting per mailbox (the work its holder has to send); null: queued before there were several, the first's. */
    public java.util.Map<String, Integer> backlogByMailbox() {
        java.util.Map<String, Integer> out = new java.util.HashMap<>();
        db.select(OUTBOX.MAILBOX, DSL.count()).from(OUTBOX).where(OUTBOX.STATUS.eq(PENDING)).groupBy(OUTBOX.MAILBOX)
                .forEach(r -> out.put(r.value1(), r.value2()));
        return out;
    }

    /** How long the oldest pending mail has waited. */
    public Optional<Duration> oldestPendingAge(Instant now) {
        Instant oldest = db.select(DSL.min(OUTBOX.CREATED_AT)).from(OUTBOX).where(OUTBOX.STATUS.eq(PENDING)).fetchOne().value1();
        return Optional.ofNullable(oldest).map(o -> Duration.between(o, now));
    }

}
