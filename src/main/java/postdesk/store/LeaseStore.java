package postdesk.store;

import static postdesk.store.schema.Tables.DAEMON;
import static postdesk.store.schema.Tables.MAILBOX_LEASE;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jooq.DSLContext;

/** The rows behind several daemons on one database: who runs, and who holds which mailbox. */
public final class LeaseStore {
    private final DSLContext db;

    public LeaseStore(DSLContext db) {
        this.db = db;
    }

    public record Daemon(String id, String host, Instant started, Instant heartbeat) {
    }

    public record Lease(String mailbox, String owner, Instant acquired, Instant heartbeat) {
    }

    /** This daemon is alive: its row is made or refreshed. */
    public void heartbeat(String daemon, String host, Instant started, Instant now) {
        if (db.update(DAEMON).set(DAEMON.HEARTBEAT_AT, now).where(DAEMON.ID.eq(daemon)).execute() == 0) {
            db.insertInto(DAEMON).set(DAEMON.ID, daemon).set(DAEMON.HOST, host).set(DAEMON.STARTED_AT, started)
                    .set(DAEMON.HEARTBEAT_AT, now).onConflictDoNothing().execute();
        }
    }

    /** The daemons whose heartbeat is later than {@code since}, oldest first. */
    public List<Daemon> alive(Instant since) {
        return db.selectFrom(DAEMON).where(DAEMON.HEARTBEAT_AT.gt(since)).orderBy(DAEMON.STARTED_AT, DAEMON.ID)
                .fetch(r -> new Daemon(r.getId(), r.getHost(), r.getStartedAt(), r.getHeartbeatAt()));
    }

    /** A daemon that stops leaves: its row goes, and its leases with it. */
    public void leave(String daemon) {
        db.deleteFrom(MAILBOX_LEASE).where(MAILBOX_LEASE.OWNER.eq(daemon)).execute();
        db.deleteFrom(DAEMON).where(DAEMON.ID.eq(daemon)).execute();
    }

    /** Rows of daemons silent since {@code before}: long dead. */
    public void forget(Instant before) {
        db.deleteFrom(DAEMON).where(DAEMON.HEARTBEAT_AT.lt(before)).execute();
    }

    public List<Lease> leases() {
        return db.selectFrom(MAILBOX_LEASE).orderBy(MAILBOX_LEASE.MAILBOX)
                .fetch(r -> new Lease(r.getMailbox(), r.getOwner(), r.getAcquiredAt(), r.getHeartbeatAt()));
    }

    /** Keeps the leases {@code daemon} holds fresh; returns how many it still held. */
    public int renew(String daemon, Instant now) {
        return db.update(MAILBOX_LEASE).set(MAILBOX_LEASE.HEARTBEAT_AT, now).where(MAILBOX_LEASE.OWNER.eq(daemon)).execute();
    }

    /**
     * Takes the lease of {@code mailbox} when nobody holds it or its holder's heartbeat is older than
     * {@code staleBefore}; returns whether {@code daemon} holds it now. Only one daemon's update can
     * match: the database decides between two that try at once.
     */
    public boolean take(String mailbox, String daemon, Instant now, Instant staleBefore) {
        if (db.update(MAILBOX_LEASE).set(MAILBOX_LEASE.OWNER, daemon).set(MAILBOX_LEASE.ACQUIRED_AT, now).set(MAILBOX_LEASE.HEARTBEAT_AT, now)
                .where(MAILBOX_LEASE.MAILBOX.eq(mailbox)).and(MAILBOX_LEASE.HEARTBEAT_AT.lt(staleBefore)).execute() == 1) {
            return true;
        }
        db.insertInto(MAILBOX_LEASE).set(MAILBOX_LEASE.MAILBOX, mailbox).set(MAILBOX_LEASE.OWNER, daemon)
                .set(MAILBOX_LEASE.ACQUIRED_AT, now).set(MAILBOX_LEASE.HEARTBEAT_AT, now).onConflictDoNothing().execute();
        return owner(mailbox).filter(daemon::equals).isPresent();
    }

    public void release(String mailbox, String daemon) {
        db.deleteFrom(MAILBOX_LEASE).where(MAILBOX_LEASE.MAILBOX.eq(mailbox)).and(MAILBOX_LEASE.OWNER.eq(daemon)).execute();
    }

    public Optional<String> owner(String mailbox) {
        return db.select(MAILBOX_LEASE.OWNER).from(MAILBOX_LEASE).where(MAILBOX_LEASE.MAILBOX.eq(mailbox)).fetchOptional(MAILBOX_LEASE.OWNER);
    }

    /**
     * The holder of {@code mailbox}'s lease, its row locked until the caller's transaction ends: a
     * daemon taking the lease over waits for a transaction that began under the old holder.
     */
    public Optional<String> ownerLocked(String mailbox) {
        return db.select(MAILBOX_LEASE.OWNER).from(MAILBOX_LEASE).where(MAILBOX_LEASE.MAILBOX.eq(mailbox)).forUpdate()
                .fetchOptional(MAILBOX_LEASE.OWNER);
    }
}
