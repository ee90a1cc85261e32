package postdesk.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import postdesk.config.Desk;
import postdesk.config.Mailbox;
import postdesk.store.AttachmentFiles;
import postdesk.store.Database;
import postdesk.store.PersonalData;
import postdesk.store.Tally;
import postdesk.ticket.TicketId;

/**
 * Erases the content and personal data of closed tickets past their plan's retention period
 * ({@link RetentionPolicy}), and what belongs to no ticket after the shortest period, at most once
 * an hour by the daemon's clock. Each ticket is erased in a
 * transaction of its own that first claims it, so passes of several daemons on one database never
 * erase a ticket twice, and a pass stopped half-way simply goes on next time.
 */
public final class Retention {
    public static final String EVENT = "retention_erased";
    static final Duration EVERY = Duration.ofHours(1);
    private static final int BATCH = 100;
    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final Database db;
    private final RetentionPolicy policy;
    private final Set<String> staff;
    private final AttachmentFiles files;
    private final Clock clock;
    private Instant lastPass;

    public Retention(Database db, RetentionPolicy policy, Desk desk, AttachmentFiles files, Clock clock) {
        this.db = db;
        this.policy = policy;
        this.staff = staffOf(desk);
        this.files = files;
        this.clock = clock;
    }

    /** Who may stay named on an erased ticket: the desk's agents and addresses, and Postdesk itself. */
    static Set<String> staffOf(Desk desk) {
        Set<String> staff = new HashSet<>(desk.agents());
        desk.mailboxes().stream().map(Mailbox::address).forEach(staff::add);
        staff.add(PersonalData.ACTOR);
        return staff;
    }

    /** Runs a pass unless one ran within the last hour; returns how many tickets it erased. */
    public synchronized int runIfDue() {
        Instant now = clock.instant();
        if (policy.isOff() || lastPass != null && now.isBefore(lastPass.plus(EVERY))) return 0;
        lastPass = now;
        return pass(now);
    }

    private int pass(Instant now) {
        int erased = 0;
        for (RetentionPolicy.Cutoff cutoff : policy.cutoffs(now)) {
            List<TicketId> batch;
            do {
                batch = new PersonalData(db.dsl()).expiredTickets(cutoff, policy.byPlan().keySet(), BATCH);
                for (TicketId id : batch) {
                    if (expire(id, now)) erased++;
                }
            } while (batch.size() == BATCH);
        }
        if (erased > 0) log.info("retention: {} closed ticket(s) past their period erased ({})", erased, policy);
        policy.unattachedCutoff(now).ifPresent(before -> {
            Tally pruned = db.transaction(tx -> new PersonalData(tx).pruneUnattached(before));
            if (!pruned.isEmpty()) log.info("retention: {} older than the shortest period deleted", pruned);
        });
        return erased;
    }

    private boolean expire(TicketId id, Instant now) {
        Optional<PersonalData.Erased> done = db.transaction(tx -> new PersonalData(tx).eraseTicket(id,
                policy.mode() == RetentionPolicy.Mode.ANONYMISE, staff, EVENT, "retention period of its plan over", now));
        done.ifPresent(e -> new PersonalData(db.dsl()).deleteUnusedFiles(files, e.files()));
        return done.isPresent();
    }
}
