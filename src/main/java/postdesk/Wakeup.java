package postdesk;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** A worker's sleep that another thread can cut short (new mail announced, mail queued, shutdown). */
public final class Wakeup {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private boolean woken;

    public void wake() {
        lock.lock();
        try {
            woken = true;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Sleeps up to {@code d} or until woken; a wake that came before the call ends it at once. */
    public void await(Duration d) throws InterruptedException {
        lock.lock();
        try {
            long nanos = d.toNanos();
            while (!woken && nanos > 0) nanos = signal.awaitNanos(nanos);
            woken = false;
        } finally {
            lock.unlock();
        }
    }
}
