package postdesk.inbound;

import org.jooq.DSLContext;

/**
 * Checked inside every transaction that applies mail of a mailbox: with several daemons on one
 * database, only the daemon holding the mailbox may (see {@code cluster.Leases}).
 */
@FunctionalInterface
public interface Fence {
    /** Nothing to check: one process reads every mailbox (an import, a replay). */
    Fence NONE = (tx, mailbox) -> { };

    /** Fails with {@link FencedOut} when this process may not apply mail of {@code mailbox} (null: no mailbox). */
    void check(DSLContext tx, String mailbox);

    /** Another daemon reads the mailbox now: the mail stays on the server for it. */
    final class FencedOut extends RuntimeException {
        public FencedOut(String mailbox) {
            super("this daemon no longer holds mailbox " + mailbox + " (another daemon took it over)");
        }
    }
}
