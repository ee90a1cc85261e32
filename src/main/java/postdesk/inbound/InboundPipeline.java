package postdesk.inbound;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import postdesk.mime.AttachmentSink;
import postdesk.mime.ParsedMail;
import postdesk.reading.MailKind;
import postdesk.reading.Reading;
import postdesk.reading.Watchdog;
import postdesk.store.Database;
import postdesk.store.MailLog;
import postdesk.store.TicketStore;
import postdesk.threading.Route;
import postdesk.threading.TicketFinder;

/**
 * The inbound pipeline, in order: dedupe (by content: Message-ID + body; the mailbox position is
 * checked by the poller before it fetches the body) → read (parse, classify, extract) → sender →
 * route → authorise → apply. Everything after parsing happens in one transaction together with the record that the
 * mail was processed, so a crash leaves either all of it or none of it. A mail that cannot be
 * processed is quarantined (kept raw with the reason) and the loop goes on; the attachment files
 * its reading created are removed again.
 */
public final class InboundPipeline {
    private static final Logger log = LoggerFactory.getLogger(InboundPipeline.class);

    private final Database db;
    private final Clock clock;
    private final Watchdog watchdog;
    private final TicketFinder router;
    private final Authoriser authoriser;
    private final Apply actions;

    public InboundPipeline(Database db, Clock clock, Watchdog watchdog, TicketFinder router, Authoriser authoriser, Apply actions) {
        this.db = db;
        this.watchdog = watchdog;
        this.clock = clock;
        this.router = router;
        this.authoriser = authoriser;
        this.actions = actions;
    }

    /** Processes one fetched mail. Never throws for a bad mail: it is quarantined instead. */
    public Outcome process(FetchedMail raw) {
        return ingest(raw, null);
    }

    /**
     * Processes a quarantined mail again ({@code postdesk replay}). On success the quarantine entry
     * is marked replayed in the same transaction; a mail that fails again keeps its entry, with the new reason.
     */
    public Outcome replay(long quarantineId, FetchedMail raw) {
        return ingest(raw, quarantineId);
    }

    private Outcome ingest(FetchedMail raw, Long replayOf) {
        try (AttachmentSink.Batch files = watchdog.batch()) {
            if (replayOf == null) {
                MailLog.Seen seen = new MailLog(db.dsl()).seenContent(raw.contentHash());
                if (seen != MailLog.Seen.NEW) return Outcome.duplicate(seen);
            }
            Reading read = Senders.withSender(watchdog.read(raw.bytes(), files));
            ParsedMail mail = read.mail();
            if (mail.from().address().isEmpty() && read.kind() == MailKind.HUMAN) {
                throw new UnreadableMailException("no sender address in From, Sender or Reply-To: nobody to answer");
            }
            Outcome stored = db.transaction(tx -> {
                Instant now = clock.instant();
                MailLog mailLog = new MailLog(tx);
                TicketStore store = new TicketStore(tx);
                Route route = router.route(read, store, now);
                Role role = authoriser.role(mail, route, store);
                Outcome outcome = actions.apply(tx, new Arrival(raw, read, route, role, authoriser.senderForged(mail)), now);
                mailLog.recordProcessed(raw.position(), mail.messageId(), raw.contentHash(), outcome.ticketValue(),
                        outcome.action().name(), now);
                if (replayOf != null) mailLog.replayed(replayOf, outcome.action().name() + " " + outcome.ticketValue(), now);
                log.info("mail {} from {} ({}): {} {}", mail.messageId(), mail.from().address(), read.kind().label(),
                        outcome.action(), outcome.ticket() == null ? "" : outcome.ticket());
                return outcome;
            });
            files.keep();
            return stored;
        } catch (Watchdog.ReadersBusyException e) {
            throw e; // the mail waits on the server
        } catch (Exception | StackOverflowError e) {
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
        return why.replaceAll("\\s*[\\r\\n]+\\s*", " / ").strip();
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
