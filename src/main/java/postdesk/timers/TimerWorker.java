package postdesk.timers;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import postdesk.sla.SlaChanges;
import postdesk.store.Database;
import postdesk.store.TimerStore;

/** Fires due timers, each in its own transaction that first claims the row, so each fires once. */
public final class TimerWorker {
    private static final Logger log = LoggerFactory.getLogger(TimerWorker.class);
    private final Database db;
    private final StatusChanges statusChanges;
    private final SlaChanges sla;
    private final Clock clock;

    public TimerWorker(Database db, StatusChanges statusChanges, SlaChanges sla, Clock clock) {
        this.db = db;
        this.statusChanges = statusChanges;
        this.sla = sla;
        this.clock = clock;
    }

    /** Fires everything due now; returns how many timers fired. */
    public int fireDue() {
        int fired = 0;
        List<TimerStore.DueTimer> due;
        do {
            Instant now = clock.instant();
            due = new TimerStore(db.dsl()).due(now, 100);
            for (TimerStore.DueTimer timer : due) {
                if (fire(timer, now)) fired++;
            }
        } while (due.size() == 100);
        return fired;
    }

    /**
     * Fires, oldest first, every timer due by {@code until}, each at its own due time, including
     * those that firing schedules: an imported archive lives through its history (an auto-close a
     * week after the answer, a breach at the due minute), not all of it at the moment of the import.
     */
    public int fireAtDueTimesUntil(Instant until) {
        int fired = 0;
        List<TimerStore.DueTimer> due;
        while (!(due = new TimerStore(db.dsl()).due(until, 1)).isEmpty()) {
            if (fire(due.get(0), due.get(0).due())) fired++;
        }
        return fired;
    }

    private boolean fire(TimerStore.DueTimer timer, Instant now) {
        boolean claimed = db.transaction(tx -> {
            if (!new TimerStore(tx).claim(timer.id())) return false;
            if (timer.kind().startsWith(SlaChanges.TIMER_PREFIX)) sla.fire(tx, timer, now);
            else statusChanges.fire(tx, timer, now);
            return true;
        });
        if (claimed) log.info("timer {} fired for {}", timer.kind(), timer.ticket());
        return claimed;
    }
}
