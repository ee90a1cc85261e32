package postdesk.imap;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.eclipse.angus.mail.imap.protocol.UIDSet;
import org.eclipse.angus.mail.iap.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import postdesk.config.ImapSettings;
import postdesk.config.Mailbox;
import postdesk.health.CrashPoints;
import postdesk.health.Health;
import postdesk.health.Metrics;
import postdesk.inbound.FetchedMail;
import postdesk.inbound.InboundPipeline;
import postdesk.inbound.Outcome;
import postdesk.reading.Watchdog;
import postdesk.store.Database;
import postdesk.store.MailLog;
import postdesk.store.MailLog.MailboxPosition;

/**
 * The IMAP side of the inbound loop. Each poll reads every mail in the inbox, hands it to the
 * {@link InboundPipeline}, and only after the pipeline's commit flags it \Seen and moves it to the
 * processed (or quarantine) folder. A mail committed but not yet moved (a crash in between) is
 * recognised by its UID and only moved. Polls run every {@code poll.interval}, and at once when
 * the {@link IdleWatcher} reports new mail.
 */
public final class MailboxPoller implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(MailboxPoller.class);
    /** Mails fetched, read and applied together: a bound on count and on bytes, so no batch holds much memory. */
    private static final int BATCH = 50;
    private static final long BATCH_BYTES = 8L * 1024 * 1024;
    /** Larger mails are streamed in chunks on their own rather than fetched whole with the batch. */
    private static final int STREAMED_ABOVE = 1024 * 1024;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final Mailbox mailbox;
    private final ImapSettings imap;
    private final Database db;
    private final InboundPipeline pipeline;
    private final Health.Mailbox health;
    private final Metrics metrics;
    private final Runnable afterCommit;
    /** A sleep another thread can cut short: one pending wake-up at most, taken by the next wait. */
    private final BlockingQueue<Boolean> wakeup = new ArrayBlockingQueue<>(1);
    private volatile boolean running = true;
    /** A pass with more new mail than one batch is under way. */
    private volatile boolean catchingUp;
    private IMAPStore store;
    private Folder processed;
    private Folder quarantine;

    public MailboxPoller(Mailbox mailbox, Database db, InboundPipeline pipeline, Health.Mailbox health, Metrics metrics,
                         Runnable afterCommit) {
        this.mailbox = mailbox;
        this.imap = mailbox.imap();
        this.db = db;
        this.pipeline = pipeline;
        this.health = health;
        this.metrics = metrics;
        this.afterCommit = afterCommit;
    }

    @Override
    public void run() {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            try {
                pollOnce();
                health.pollSucceeded();
                backoff = Duration.ofSeconds(1);
                await(imap.pollInterval());
            } catch (InboundPipeline.DatabaseUnavailableException | Watchdog.ReadersBusyException e) {
                log.warn("poll stopped, {} (retrying in {}s)", e.getMessage(), backoff.toSeconds());
                await(backoff);
                backoff = longer(backoff);
                continue;
            } catch (postdesk.inbound.Fence.FencedOut e) {
                log.info("poll of mailbox {} stopped: {}", mailbox.name(), e.getMessage()); // its lane stops next
                await(imap.pollInterval());
            } catch (MessagingException | RuntimeException e) {
                health.imapFailed(e);
                log.warn("IMAP poll of mailbox {} at {} failed (retrying in {}s): {}", mailbox.name(), imap.server(), backoff.toSeconds(), Health.oneLine(e));
                closeStore();
                await(backoff);
                backoff = longer(backoff);
            }
        }
        closeStore();
    }

    private static Duration longer(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    /** Whether the poller is working through a backlog (more new mail than one batch waits). */
    public boolean catchingUp() {
        return catchingUp;
    }

    /** Asks for a poll now (new mail was announced). */
    public void wake() {
        wakeup.offer(Boolean.TRUE);
    }

    /** Finishes the mail in hand, then stops. */
    public void stop() {
        running = false;
        wakeup.offer(Boolean.TRUE);
    }

    /** One pass over the inbox; returns how many mails were handled. */
    public int pollOnce() throws MessagingException {
        IMAPStore s = connected();
        if (processed == null) {
            // once per connection: LIST round trips on every poll (every IDLE wake-up) add up
            processed = ImapConnections.ensureFolder(s, imap.processedFolder());
            quarantine = ImapConnections.ensureFolder(s, imap.quarantineFolder());
        }
        // asked while no folder is open: with the inbox open, Angus would log in a second connection to answer
        boolean canMove = s.hasCapability("MOVE");
        boolean canUidExpunge = s.hasCapability("UIDPLUS");
        IMAPFolder inbox = (IMAPFolder) s.getFolder(imap.inboxFolder());
        inbox.open(Folder.READ_WRITE);
        int handled = 0;
        List<Message> toProcessed = new ArrayList<>();
        List<Message> toQuarantine = new ArrayList<>();
        try {
            long uidValidity = inbox.getUIDValidity();
            Message[] messages = inbox.getMessages();
            FetchProfile fp = new FetchProfile();
            fp.add(UIDFolder.FetchProfileItem.UID);
            fp.add(FetchProfile.Item.FLAGS);
            fp.add(FetchProfile.Item.SIZE);
            inbox.fetch(messages, fp);
            List<Long> uids = new ArrayList<>();
            for (Message m : messages) uids.add(inbox.getUID(m));
            Map<Long, MailLog.Seen> taken = new MailLog(db.dsl()).seenAt(mailbox.logFolder(imap.inboxFolder()), uidValidity, uids);
            catchingUp = messages.length - taken.size() > BATCH;
            List<Message> batch = new ArrayList<>();
            long batchBytes = 0;
            for (int i = 0; i < messages.length && running; i++) {
                Message m = messages[i];
                messages[i] = null; // a fetched body is held by its message: let it go once handled
                if (m.isExpunged() || m.isSet(Flags.Flag.DELETED)) continue;
                MailLog.Seen seen = taken.getOrDefault(inbox.getUID(m), MailLog.Seen.NEW);
                if (seen != MailLog.Seen.NEW) {
                    // committed earlier, the move was lost
                    (Outcome.duplicate(seen).toQuarantine() ? toQuarantine : toProcessed).add(m);
                    metrics.duplicates.increment();
                    handled++;
                    continue;
                }
                if (!batch.isEmpty() && (batch.size() >= BATCH || batchBytes + m.getSize() > BATCH_BYTES)) {
                    handled += ingest(inbox, uidValidity, batch, toProcessed, toQuarantine);
                    batchBytes = 0;
                    moveDurably(inbox, toProcessed, processed, canMove, canUidExpunge);
                }
                batch.add(m);
                batchBytes += Math.max(0, m.getSize());
            }
            if (!batch.isEmpty() && running) handled += ingest(inbox, uidValidity, batch, toProcessed, toQuarantine);
        } finally {
            boolean wasCatchingUp = catchingUp;
            catchingUp = false;
            if (wasCatchingUp) afterCommit.run(); // the outbox waited for the backlog: it need not wait for its next round
            try {
                moveDurably(inbox, toProcessed, processed, canMove, canUidExpunge);
                moveDurably(inbox, toQuarantine, quarantine, canMove, canUidExpunge);
            } finally {
                if (inbox.isOpen()) inbox.close(false);
            }
        }
        return handled;
    }

    /**
     * Fetches the batch's bodies in one command ({@code UID FETCH … BODY.PEEK[]}) and processes them
     * in arrival order, applied in as few transactions as the pipeline can (group commit).
     */
    private int ingest(IMAPFolder inbox, long uidValidity, List<Message> batch, List<Message> toProcessed,
                       List<Message> toQuarantine) throws MessagingException {
        long fetchStart = System.nanoTime();
        Map<Long, byte[]> bodies = fetchBodies(inbox, batch);
        List<FetchedMail> mails = new ArrayList<>();
        for (Message m : batch) {
            byte[] bytes = bodies.remove(inbox.getUID(m));
            // a large mail, or one the batch's answer left out, is streamed on its own
            mails.add(FetchedMail.of(position(inbox, uidValidity, m), bytes != null ? bytes : read((IMAPMessage) m)));
        }
        long fetchNanos = System.nanoTime() - fetchStart;
        metrics.ingestStep("fetch", fetchNanos);
        for (int k = 0; k < batch.size(); k++) metrics.imapFetch.record(fetchNanos / batch.size(), TimeUnit.NANOSECONDS);
        metrics.fetched.increment(batch.size());
        List<Outcome> outcomes = pipeline.processAll(mails, metrics::ingestStep);
        CrashPoints.reach(CrashPoints.AFTER_COMMIT);
        for (int k = 0; k < batch.size(); k++) {
            countOutcome(outcomes.get(k));
            (outcomes.get(k).toQuarantine() ? toQuarantine : toProcessed).add(batch.get(k));
        }
        afterCommit.run();
        int n = batch.size();
        batch.clear();
        return n;
    }

    /**
     * The bodies of the batch's small mails, by UID, from one {@code UID FETCH … BODY.PEEK[]}: one
     * round trip for the batch (Angus's own fetch caches a parsed copy that
     * {@code getMimeStream()} ignores, so it would fetch every mail again). Each literal is one
     * buffer of its mail's size; mails over {@link #STREAMED_ABOVE} are left out and streamed in
     * chunks, so no response holds a large mail whole.
     */
    private static Map<Long, byte[]> fetchBodies(IMAPFolder inbox, List<Message> batch) throws MessagingException {
        long[] uids = batch.stream().filter(m -> size(m) <= STREAMED_ABOVE).mapToLong(m -> uid(inbox, m)).toArray();
        Map<Long, byte[]> bodies = new HashMap<>();
        if (uids.length == 0) return bodies;
        inbox.doCommand(protocol -> {
            Response[] responses = protocol.command("UID FETCH " + UIDSet.toString(UIDSet.createUIDSets(uids)) + " (UID BODY.PEEK[])", null);
            Response result = responses[responses.length - 1];
            for (int i = 0; i < responses.length - 1; i++) {
                if (!(responses[i] instanceof FetchResponse fetch)) continue;
                UID uid = fetch.getItem(UID.class);
                BODY body = fetch.getItem(BODY.class);
                if (uid == null || body == null || body.isHeader()) continue;
                bodies.put(uid.uid, body.getByteArray().getNewBytes());
                responses[i] = null; // taken: the folder's handlers see the rest (EXISTS, EXPUNGE, flags)
            }
            protocol.notifyResponseHandlers(responses);
            protocol.handleResult(result);
            return null;
        });
        return bodies;
    }

    private static int size(Message m) {
        try {
            return m.getSize();
        } catch (MessagingException e) {
            return Integer.MAX_VALUE; // unknown: streamed, which needs no size
        }
    }

    private static long uid(IMAPFolder inbox, Message m) {
        try {
            return inbox.getUID(m);
        } catch (MessagingException e) {
            throw new IllegalStateException("UID of a fetched message: " + e.getMessage(), e);
        }
    }

    private MailboxPosition position(IMAPFolder inbox, long uidValidity, Message m) throws MessagingException {
        return new MailboxPosition(mailbox.logFolder(imap.inboxFolder()), uidValidity, inbox.getUID(m), mailbox.name());
    }

    /**
     * Moves mail on the server only once what was committed for it is durable (the barrier): a
     * crash can then leave a mail on the server twice-seen (deduplicated), never moved and lost.
     * When the barrier fails (the database went away) nothing is moved: the mails are seen again.
     */
    private void moveDurably(IMAPFolder inbox, List<Message> mails, Folder target, boolean canMove, boolean canUidExpunge)
            throws MessagingException {
        if (mails.isEmpty()) return;
        long start = System.nanoTime();
        db.barrier();
        long durable = System.nanoTime();
        metrics.ingestStep("barrier", durable - start);
        CrashPoints.reach(CrashPoints.AFTER_BARRIER);
        moveAll(inbox, mails, target, canMove, canUidExpunge);
        metrics.ingestStep("move", System.nanoTime() - durable);
    }

    private void countOutcome(Outcome outcome) {
        switch (outcome.action()) {
            case QUARANTINED -> metrics.quarantined.increment();
            case DUPLICATE, QUARANTINED_BEFORE -> metrics.duplicates.increment();
            default -> metrics.processed.increment();
        }
    }

    private static byte[] read(IMAPMessage m) throws MessagingException {
        try (InputStream in = m.getMimeStream()) {
            return readFully(in, m.getSize());
        } catch (IOException e) {
            throw new MessagingException("cannot read mail: " + e.getMessage(), e);
        }
    }

    /** Reads into a buffer of the size the server announced, so a large mail is not copied while it grows. */
    static byte[] readFully(InputStream in, int announced) throws IOException {
        if (announced <= 0) return in.readAllBytes();
        byte[] buf = new byte[announced];
        int n = in.readNBytes(buf, 0, announced);
        if (n < announced) return java.util.Arrays.copyOf(buf, n);
        byte[] rest = in.readAllBytes();
        if (rest.length == 0) return buf;
        byte[] all = java.util.Arrays.copyOf(buf, announced + rest.length); // the server's size was short
        System.arraycopy(rest, 0, all, announced, rest.length);
        return all;
    }

    /** Flags the mails \Seen and moves them out of the inbox (MOVE where offered, else copy + expunge). */
    private static void moveAll(IMAPFolder inbox, List<Message> mails, Folder target, boolean canMove, boolean canUidExpunge)
            throws MessagingException {
        if (mails.isEmpty()) return;
        Message[] batch = mails.toArray(Message[]::new);
        inbox.setFlags(batch, new Flags(Flags.Flag.SEEN), true);
        if (canMove) {
            inbox.moveMessages(batch, target);
        } else {
            inbox.copyMessages(batch, target);
            inbox.setFlags(batch, new Flags(Flags.Flag.DELETED), true);
            if (canUidExpunge) {
                inbox.expunge(batch);
            } else {
                inbox.expunge();
            }
        }
        mails.clear();
    }

    private IMAPStore connected() throws MessagingException {
        if (store == null || !store.isConnected()) {
            closeStore();
            store = ImapConnections.connect(imap.server(), 60_000);
        }
        return store;
    }

    private void closeStore() {
        if (store != null) {
            try {
                store.close();
            } catch (MessagingException e) {
                log.debug("closing IMAP connection: {}", e.toString());
            }
            store = null;
        }
        processed = null;
        quarantine = null;
    }

    private void await(Duration d) {
        try {
            wakeup.poll(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
