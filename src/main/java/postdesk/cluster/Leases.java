package postdesk.cluster;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import postdesk.inbound.Fence;
import postdesk.store.Database;
import postdesk.store.LeaseStore;

/**
 * One reader per mailbox, whatever the number of daemons on the database. A mailbox is read (IMAP,
 * IDLE) and its mail sent (SMTP) by the daemon holding its lease, a row with the holder and a
 * heartbeat renewed every third of {@code lease.time}; a holder silent for longer (killed, cut
 * off, its machine gone) loses the mailbox to the next daemon that looks.
 * <p>
 * A row lease rather than a PostgreSQL advisory lock: an advisory lock lives with one session,
 * which a transaction-mode pooler (PgBouncer) does not keep, and a lock held by a hung process
 * never ends; a heartbeat ends on its own. Each daemon takes at most its share (the mailboxes
 * divided by the daemons alive), so a daemon that joins gets mailboxes from the others, one a
 * round. Every transaction that applies mail first locks its mailbox's lease row and checks it
 * still holds it ({@link #check}): a daemon taking over waits for a transaction begun under the
 * old holder, and the old holder can apply nothing after.
 */
public final class Leases implements Fence {
    private static final Logger log = LoggerFactory.getLogger(Leases.class);

    /** What the daemon does when it gains or loses a mailbox. */
    public interface Holder {
        void acquired(String mailbox);

        /**
         * The mailbox's work must stop: before the lease is given back ({@code stillHeld}: its last
         * outbound mail may go), or after another daemon took it over.
         */
        void lost(String mailbox, boolean stillHeld);
    }

    private final Database db;
    private final List<String> mailboxes;
    private final Duration leaseTime;
    private final boolean exclusive;
    private final Holder holder;
    private final String id;
    private final String host;
    private final Instant started;
    /** Leases keep real time: the daemons' clocks, not a test's. */
    private final Clock clock = Clock.systemUTC();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private boolean first = true;

    /**
     * {@code exclusive}: the database serves this daemon alone (an H2 file, locked by the
     * process), so rows of other daemons are left by dead ones and go at once.
     */
    public Leases(Database db, List<String> mailboxes, Duration leaseTime, boolean exclusive, Holder holder) {
        this.db = db;
        this.mailboxes = List.copyOf(mailboxes);
        this.leaseTime = leaseTime;
        this.exclusive = exclusive;
        this.holder = holder;
        this.host = hostName();
        this.id = host + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-" + UUID.randomUUID().toString().substring(0, 6);
        this.started = clock.instant();
    }

    public String id() {
        return id;
    }

    public boolean holds(String mailbox) {
        return held.contains(mailbox);
    }

    /** How often {@link #tick} runs: three renewals fit in one lease. */
    public Duration interval() {
        return leaseTime.dividedBy(3);
    }

    /** Renews, gives back what is over this daemon's share, takes what is free up to it. */
    public synchronized void tick() {
        Instant now = clock.instant();
        Instant stale = now.minus(leaseTime);
        LeaseStore store = new LeaseStore(db.dsl());
        if (first && exclusive) {
            for (LeaseStore.Daemon d : store.alive(Instant.EPOCH)) {
                if (!d.id().equals(id)) store.leave(d.id());
            }
        }
        first = false;
        store.heartbeat(id, host, started, now);
        store.renew(id, now);
        List<String> mine = store.leases().stream().filter(l -> l.owner().equals(id)).map(LeaseStore.Lease::mailbox).toList();
        for (String m : new ArrayList<>(held)) {
            if (!mine.contains(m)) {
                log.warn("mailbox {} was taken over by another daemon (this one missed its renewals)", m);
                held.remove(m);
                holder.lost(m, false);
            }
        }
        int alive = Math.max(1, store.alive(stale).size());
        int share = (mailboxes.size() + alive - 1) / alive;
        if (held.size() > share) {
            String extra = mailboxes.stream().filter(held::contains).reduce((a, b) -> b).orElseThrow();
            log.info("giving mailbox {} to another daemon ({} daemons share {} mailboxes)", extra, alive, mailboxes.size());
            held.remove(extra);
            holder.lost(extra, true);
            store.release(extra, id);
            return;
        }
        for (String m : mailboxes) {
            if (held.size() >= share) break;
            if (held.contains(m) || !store.take(m, id, now, stale)) continue;
            log.info("this daemon ({}) reads mailbox {} now", id, m);
            held.add(m);
            holder.acquired(m);
        }
    }

    /** Locks {@code mailbox}'s lease row in the caller's transaction and fails unless this daemon holds it. */
    @Override
    public void check(DSLContext tx, String mailbox) {
        if (mailbox == null) return;
        if (new LeaseStore(tx).ownerLocked(mailbox).filter(id::equals).isEmpty()) throw new FencedOut(mailbox);
    }

    /** Stops holding anything: the work stops first, then the rows go, so another daemon takes over at once. */
    public synchronized void leave() {
        for (String m : mailboxes) {
            if (held.remove(m)) holder.lost(m, true);
        }
        new LeaseStore(db.dsl()).leave(id);
    }

    /** The daemons alive now, for {@code /healthz} and the status page. */
    public List<LeaseStore.Daemon> alive() {
        return new LeaseStore(db.dsl()).alive(clock.instant().minus(leaseTime));
    }

    public List<LeaseStore.Lease> leases() {
        return new LeaseStore(db.dsl()).leases();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }
}
