package postdesk.archive;

import java.io.IOException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import postdesk.config.PostdeskConfig;
import postdesk.daemon.Core;
import postdesk.daemon.ManualClock;
import postdesk.inbound.FetchedMail;
import postdesk.inbound.Intake;
import postdesk.inbound.Outcome;
import postdesk.store.Database;
import postdesk.store.MailLog.MailboxPosition;
import postdesk.store.OutboxStore;
import postdesk.store.TicketStore;
import postdesk.timers.TimerWorker;

/**
 * {@code postdesk import --mbox}: an archive's mail goes through the same pipeline as live mail,
 * oldest first, each at its own date, so threads, statuses, SLA clocks and the audit trail come
 * out as if the mail had arrived then. Timers fall due between mails (an unanswered ticket
 * auto-closes after its time, as it would have), but nobody is mailed: not the customers, not
 * the agents. With {@link Intake#LIVE} ({@code --live}) the mail is taken as arriving now instead,
 * answered like mail from the mailbox (for mail that missed it, such as an MTA's fallback mbox).
 * Each mail is its own transaction and is recognised when seen again (its Message-ID on a
 * ticket, or its content processed before), so an interrupted import is finished by running it
 * again and a second run changes nothing.
 */
public final class ArchiveImport {
    /** Mailbox position of imported mail: stable per content, so a second run finds the first one's records. */
    static final String FOLDER = "import";

    private final Database db;
    private final Core core;
    private final TimerWorker timers;
    private final ManualClock archiveClock;
    private final Clock clock;
    private final Intake intake;

    /** Told after each mail: how far the import is. */
    public interface Progress {
        void advanced(int done, int total);
    }

    /** What the import did: per outcome, mails already in a ticket, timers that fell due, mails queued to be sent. */
    public record Summary(int mails, Map<Outcome.Action, Integer> outcomes, int alreadyImported, int timersFired, int queued) {
        public int count(Outcome.Action action) {
            return outcomes.getOrDefault(action, 0);
        }
    }

    public ArchiveImport(PostdeskConfig config, Database db, Clock clock, RandomGenerator random, Intake intake) throws Exception {
        this.db = db;
        this.clock = clock;
        this.intake = intake;
        this.archiveClock = new ManualClock(clock.instant());
        this.core = Core.build(config, db, intake == Intake.ARCHIVE ? archiveClock : clock, random, intake);
        this.timers = new TimerWorker(db, core.statusChanges(), core.sla(), archiveClock);
    }

    /** Imports the mail of all {@code archives} together, oldest first (an inbox and its sent folder interleave). */
    public Summary run(List<Mbox> archives, Progress progress) throws IOException {
        record Item(Mbox mbox, int file, Mbox.Entry entry) {
        }
        List<Item> items = new java.util.ArrayList<>();
        for (int i = 0; i < archives.size(); i++) {
            for (Mbox.Entry e : archives.get(i).entries()) items.add(new Item(archives.get(i), i, e));
        }
        items.sort(java.util.Comparator.comparing((Item it) -> it.entry().date()).thenComparingInt(Item::file)
                .thenComparingInt(it -> it.entry().ordinal()));
        Map<Outcome.Action, Integer> outcomes = new EnumMap<>(Outcome.Action.class);
        int already = 0;
        int fired = 0;
        int done = 0;
        int backlog = new OutboxStore(db.dsl()).backlog();
        for (Item item : items) {
            FetchedMail read = FetchedMail.of(null, item.mbox().read(item.entry()));
            FetchedMail raw = new FetchedMail(positionOf(read.contentHash()), read.bytes(), read.contentHash(), read.messageId());
            if (read.messageId() != null && new TicketStore(db.dsl()).findByThreadIds(List.of(read.messageId())).isPresent()) {
                already++; // on a ticket already: imported before, or fetched by the daemon
            } else {
                if (intake == Intake.ARCHIVE) {
                    fired += timers.fireAtDueTimesUntil(item.entry().date());
                    archiveClock.set(item.entry().date());
                }
                Outcome outcome = core.pipeline().process(raw);
                if (outcome.action() == Outcome.Action.DUPLICATE || outcome.action() == Outcome.Action.QUARANTINED_BEFORE) already++;
                else outcomes.merge(outcome.action(), 1, Integer::sum);
            }
            progress.advanced(++done, items.size());
        }
        // what fell due between the last archived mail and now happened while nobody was watching: silently
        if (intake == Intake.ARCHIVE) fired += timers.fireAtDueTimesUntil(clock.instant());
        return new Summary(items.size(), outcomes, already, fired, new OutboxStore(db.dsl()).backlog() - backlog);
    }

    private static MailboxPosition positionOf(String contentHash) {
        return new MailboxPosition(FOLDER, 0, Long.parseLong(contentHash.substring(0, 15), 16));
    }
}
