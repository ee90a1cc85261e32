package postdesk.inbound;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ObjLongConsumer;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import postdesk.mime.AttachmentSink;
import postdesk.mime.ParsedMail;
import postdesk.rating.Ratings;
import postdesk.reading.Reading;
import postdesk.reading.Watchdog;
import postdesk.store.Database;
import postdesk.store.MailLog;
import postdesk.store.TicketStore;
import postdesk.threading.Route;
import postdesk.threading.TicketFinder;

/**
 * The inbound pipeline: every step of a fetched mail, in order, each a class of its own.
 * <ol>
 * <li>dedupe: a mail seen before (by content: Message-ID + body; the poller checked its mailbox
 * position before fetching it) is only moved again, to where its first copy went;</li>
 * <li>read ({@link Watchdog}: parse, classify, extract, under a time limit), then {@link Senders}:
 * whom it is from when From names nobody;</li>
 * <li>thread ({@link TicketFinder}): the ticket it belongs to;</li>
 * <li>authorise ({@link Authoriser}): who the sender is to that ticket, and whether a trusted
 * server found them forged;</li>
 * <li>guard ({@link Guard}): bounce suppression, rate limits;</li>
 * <li>decide ({@link Decide}, pure): what to do (told beforehand whether a closed ticket still takes a
 * satisfaction rating by reply);</li>
 * <li>apply ({@link Apply}): do it;</li>
 * <li>record ({@link Record}): what became of the mail.</li>
 * </ol>
 * Everything after reading happens in one transaction, so a crash leaves all of it or none. A
 * mail that cannot be processed is quarantined (kept raw with the reason) and the loop goes on.
 */
public final class InboundPipeline {
    private static final Logger log = LoggerFactory.getLogger(InboundPipeline.class);

    private final Database db;
    private final Clock clock;
    private final Dedupe dedupe;
    private final Watchdog watchdog;
    private final TicketFinder finder;
    private final Authoriser authoriser;
    private final Guard guard;
    private final Apply apply;
    private final Record record = new Record();
    /** Several mailboxes' pollers share this pipeline: a mail sent to two of them arrives twice at once. */
    private final boolean sharedByMailboxes;
    private final Fence fence;
    /** Whether a reply may still rate its closed ticket (a question for the database, so decide stays pure). */
    private final Ratings ratings;

    public InboundPipeline(Database db, Clock clock, Watchdog watchdog, TicketFinder finder, Authoriser authoriser, Guard guard,
                           Apply apply, boolean sharedByMailboxes, Fence fence, Ratings ratings) {
        this.db = db;
        this.ratings = ratings;
        this.sharedByMailboxes = sharedByMailboxes;
        this.fence = fence;
        this.clock = clock;
        this.dedupe = new Dedupe(db);
        this.watchdog = watchdog;
        this.finder = finder;
        this.authoriser = authoriser;
        this.guard = guard;
        this.apply = apply;
    }

    /** Processes one fetched mail. Never throws for a bad mail: it is quarantined instead. */
    public Outcome process(FetchedMail raw) {
        return processAll(List.of(raw)).get(0);
    }

    /**
     * Processes mails in arrival order, in as few transactions as keep the promises (group
     * commit): each is deduplicated and read on its own, then all that read well are applied in one
     * transaction. Should that fail, each is applied in a transaction of its own, so one bad mail
     * costs the others nothing and is quarantined alone. A mail that cannot be read yet (readers
     * busy) ends the batch: what came before it is applied, the rest waits on the server.
     */
    public List<Outcome> processAll(List<FetchedMail> mails) {
        return processAll(mails, (step, nanos) -> { });
    }

    /** As {@link #processAll(List)}, telling {@code steps} how long reading and applying took. */
    public List<Outcome> processAll(List<FetchedMail> mails, ObjLongConsumer<String> steps) {
        Outcome[] outcomes = new Outcome[mails.size()];
        List<Prepared> prepared = new ArrayList<>();
        // a copy of a mail earlier in this batch: not committed yet, so the database cannot know it
        Map<String, Integer> firstOf = new HashMap<>();
        Map<Integer, Integer> copies = new HashMap<>();
        List<Integer> toRead = new ArrayList<>();
        List<AttachmentSink.Batch> files = new ArrayList<>();
        try {
            for (int i = 0; i < mails.size(); i++) {
                FetchedMail raw = mails.get(i);
                Integer first = firstOf.putIfAbsent(raw.contentHash(), i);
                if (first != null) {
                    copies.put(i, first);
                    continue;
                }
                Optional<Outcome> duplicate = dedupe.seenBefore(raw);
                if (duplicate.isPresent()) {
                    outcomes[i] = duplicate.get();
                    continue;
                }
                toRead.add(i);
                files.add(watchdog.batch());
            }
            // read side by side, applied in arrival order
            long readStart = System.nanoTime();
            List<Watchdog.Result> read = watchdog.readAll(toRead.stream().map(i -> mails.get(i).bytes()).toList(), files);
            steps.accept("read", System.nanoTime() - readStart);
            for (int k = 0; k < read.size(); k++) {
                int i = toRead.get(k);
                Watchdog.Result result = read.get(k);
                if (result.busy()) {
                    applyGroup(prepared, outcomes);
                    throw (Watchdog.ReadersBusyException) result.failure(); // this mail and the rest wait on the server
                }
                Throwable failure = result.failure();
                if (failure == null) {
                    try {
                        prepared.add(new Prepared(i, mails.get(i), Senders.withSender(result.reading()), files.get(k)));
                    } catch (UnreadableMailException e) {
                        failure = e;
                    }
                }
                if (failure != null) {
                    files.get(k).close();
                    outcomes[i] = failed(mails.get(i), null, failure);
                }
            }
            long applyStart = System.nanoTime();
            applyGroup(prepared, outcomes);
            steps.accept("apply", System.nanoTime() - applyStart);
            // a copy goes where its first went: to the quarantine folder with it, or to the processed one
            copies.forEach((copy, first) -> outcomes[copy] = outcomes[first].toQuarantine()
                    ? new Outcome(Outcome.Action.QUARANTINED_BEFORE, null) : new Outcome(Outcome.Action.DUPLICATE, null));
            return Arrays.asList(outcomes);
        } finally {
            files.forEach(AttachmentSink.Batch::close); // read, but not applied: the mail stays on the server (a kept batch stays)
        }
    }

    /**
     * Processes a quarantined mail again ({@code postdesk replay}). On success the quarantine entry
     * is marked replayed in the same transaction; a mail that fails again keeps its entry, with the new reason.
     */
    public Outcome replay(long quarantineId, FetchedMail raw) {
        try (AttachmentSink.Batch files = watchdog.batch()) {
            Reading read = Senders.withSender(watchdog.read(raw.bytes(), files));
            // two replays at once (two operators, two daemons' machines) apply it once: the second finds it taken
            Outcome outcome = db.transaction(tx -> new MailLog(tx).claimReplay(quarantineId)
                    ? applyOne(tx, raw, read, quarantineId) : new Outcome(Outcome.Action.DUPLICATE, null));
            files.keep();
            return outcome;
        } catch (Watchdog.ReadersBusyException e) {
            throw e;
        } catch (Exception | StackOverflowError e) {
            return failed(raw, quarantineId, e);
        }
    }

    /** A mail read and waiting to be applied. */
    private record Prepared(int index, FetchedMail raw, Reading read, AttachmentSink.Batch files) {
    }

    private void applyGroup(List<Prepared> group, Outcome[] outcomes) {
        if (!sharedByMailboxes) {
            applyUnshared(group, outcomes);
            return;
        }
        // one mailbox's group at a time, each asking again what the other may have committed since
        // its dedupe: the copy of a mail sent to two mailboxes then makes one ticket, not two
        synchronized (this) {
            for (java.util.Iterator<Prepared> it = group.iterator(); it.hasNext(); ) {
                Prepared p = it.next();
                Optional<Outcome> duplicate = dedupe.seenBefore(p.raw());
                if (duplicate.isPresent()) {
                    outcomes[p.index()] = duplicate.get();
                    p.files().close();
                    it.remove();
                }
            }
            applyUnshared(group, outcomes);
        }
    }

    private void applyUnshared(List<Prepared> group, Outcome[] outcomes) {
        if (group.isEmpty()) return;
        try {
            List<Outcome> applied = db.transaction(tx -> {
                fence.check(tx, group.get(0).raw().position().mailbox()); // one poller's group: one mailbox
                List<Outcome> out = new ArrayList<>();
                for (Prepared p : group) out.add(applyOne(tx, p.raw(), p.read(), null));
                return out;
            });
            for (int k = 0; k < group.size(); k++) {
                outcomes[group.get(k).index()] = applied.get(k);
                group.get(k).files().keep();
            }
        } catch (Fence.FencedOut e) {
            throw e; // the whole batch stays on the server, for the daemon that holds the mailbox now
        } catch (Exception | StackOverflowError e) {
            if (!db.ping()) throw new DatabaseUnavailableException(e); // the whole batch stays on the server
            for (Prepared p : group) {
                try {
                    outcomes[p.index()] = db.transaction(tx -> applyOne(tx, p.raw(), p.read(), null));
                    p.files().keep();
                } catch (Exception | StackOverflowError one) {
                    outcomes[p.index()] = failed(p.raw(), null, one);
                }
            }
        } finally {
            group.forEach(p -> p.files().close()); // a kept batch stays; the files of a mail not stored go
            group.clear();
        }
    }

    /** The steps after reading, in the caller's transaction: thread, authorise, guard, decide, apply, record. */
    private Outcome applyOne(DSLContext tx, FetchedMail raw, Reading read, Long replayOf) {
        Instant now = clock.instant();
        ParsedMail mail = read.mail();
        Route route = finder.route(read, new TicketStore(tx), now);
        Role role = authoriser.role(mail, route, new TicketStore(tx), new postdesk.store.CustomerStore(tx));
        Arrival arrival = new Arrival(raw, read, route, role, authoriser.senderForged(mail));
        Guard.Verdict verdict = guard.check(tx, arrival, now);
        Decision decision = Decide.decide(arrival.facts(verdict, ratings.replyOpen(tx, route.ticket(), now)));
        Outcome outcome = apply.apply(tx, arrival, decision, verdict, now);
        record.processed(tx, raw, read, outcome, replayOf, now);
        return outcome;
    }

    /** A mail that could not be processed: quarantined (a replayed one keeps its entry, with the new reason). */
    private Outcome failed(FetchedMail raw, Long replayOf, Throwable e) {
        if (!db.ping()) {
            // nothing can be recorded: the mail stays on the server for the next poll
            throw new DatabaseUnavailableException(e);
        }
        if (replayOf != null) {
            String reason = reason(e);
            db.transaction(tx -> {
                new MailLog(tx).replayFailed(replayOf, reason);
                return null;
            });
            log.warn("replay of quarantined mail {} failed again: {}", replayOf, reason);
            return new Outcome(Outcome.Action.QUARANTINED, null);
        }
        return quarantine(raw, e);
    }

    /**
     * Why a mail was quarantined, on one line, in words an operator understands first and the
     * exception after (for a bug report).
     */
    static String reason(Throwable cause) {
        String detail = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        String why = cause instanceof UnreadableMailException ? cause.getMessage()
                : cause instanceof java.util.concurrent.TimeoutException ? "too slow to read: " + cause.getMessage()
                : cause instanceof StackOverflowError ? "nested too deeply to read (" + detail + ")"
                : "could not be read, most likely a bug in Postdesk: report it with the mail (" + detail + ")";
        return oneLine(why).strip();
    }

    /** A text folded onto one line (a quarantine reason in a listing: one line a mail). */
    public static String oneLine(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " / ");
    }

    private Outcome quarantine(FetchedMail raw, Throwable cause) {
        String reason = reason(cause);
        log.warn("quarantined mail at {} ({}): {}", raw.position(), raw.contentHash().substring(0, 12), reason, cause);
        String messageId = raw.messageId();
        db.transaction(tx -> {
            MailLog mailLog = new MailLog(tx);
            long id = mailLog.quarantine(messageId, raw.contentHash(), reason, raw.bytes(), clock.instant());
            mailLog.recordProcessed(raw.position(), messageId, raw.contentHash(), null, Outcome.Action.QUARANTINED.name(), clock.instant());
            return id;
        });
        return new Outcome(Outcome.Action.QUARANTINED, null);
    }


    /** The database failed while a mail was in hand; the mail is left on the server. */
    public static final class DatabaseUnavailableException extends RuntimeException {
        DatabaseUnavailableException(Throwable cause) {
            super("database unavailable: " + cause.getMessage(), cause);
        }
    }

    /** A mail that is readable as bytes but not usable as a ticket message. */
    public static final class UnreadableMailException extends Exception {
        public UnreadableMailException(String message) {
            super(message);
        }
    }
}
