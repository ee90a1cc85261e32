package postdesk.imap;

import java.time.Duration;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import postdesk.config.ImapSettings;
import postdesk.health.Health;

/**
 * Keeps an IMAP IDLE connection on the inbox (where the server offers IDLE) and calls
 * {@code onNewMail} whenever the server reports a change, so mail is processed within moments
 * instead of at the next poll. Polling stays on as the safety net. Reconnects with back-off.
 */
public final class IdleWatcher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(IdleWatcher.class);
    /** RFC 2177: re-issue IDLE well within 29 minutes, so no middlebox drops a silent connection. */
    public static final Duration REFRESH = Duration.ofMinutes(9);

    private final ImapSettings imap;
    private final Health.Mailbox health;
    private final Runnable onNewMail;
    private volatile boolean running = true;
    private volatile IMAPFolder folder;

    public IdleWatcher(ImapSettings imap, Health.Mailbox health, Runnable onNewMail) {
        this.imap = imap;
        this.health = health;
        this.onNewMail = onNewMail;
    }

    @Override
    public void run() {
        long backoffMillis = 1000;
        while (running) {
            IMAPStore store = null;
            try {
                store = ImapConnections.connect(imap.server(), (int) Duration.ofMinutes(20).toMillis());
                if (!store.hasCapability("IDLE")) {
                    log.info("IMAP server offers no IDLE; polling every {}", imap.pollInterval());
                    return;
                }
                IMAPFolder inbox = (IMAPFolder) store.getFolder(imap.inboxFolder());
                inbox.open(Folder.READ_ONLY);
                folder = inbox;
                health.idleConnected(true);
                backoffMillis = 1000;
                onNewMail.run(); // anything that arrived while disconnected
                while (running && inbox.isOpen()) {
                    inbox.idle(true);
                    if (running) onNewMail.run();
                }
            } catch (MessagingException | RuntimeException e) {
                if (running) {
                    log.warn("IMAP IDLE connection lost (reconnecting in {}s): {}", backoffMillis / 1000, Health.oneLine(e));
                    sleep(backoffMillis);
                    backoffMillis = Math.min(backoffMillis * 2, 60_000);
                }
            } finally {
                health.idleConnected(false);
                folder = null;
                close(store);
            }
        }
    }

    /** Ends the current IDLE so it is issued afresh (keeps the connection alive). */
    public void refresh() {
        IMAPFolder f = folder;
        if (f == null) return;
        try {
            // taking the folder's protocol ends IDLE (DONE); the loop then issues it afresh
            f.doCommand(protocol -> null);
        } catch (MessagingException | RuntimeException e) {
            log.debug("IDLE refresh: {}", e.toString());
        }
    }

    public void stop() {
        running = false;
        refresh();
    }

    private static void close(IMAPStore store) {
        if (store == null) return;
        try {
            store.close();
        } catch (MessagingException e) {
            log.debug("closing IDLE connection: {}", e.toString());
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
