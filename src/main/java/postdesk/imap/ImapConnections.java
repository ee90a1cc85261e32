package postdesk.imap;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;

import org.eclipse.angus.mail.imap.IMAPStore;

import postdesk.config.MailServer;
import postdesk.mail.MailSessions;

/** Opens authenticated IMAP connections to the support mailbox. */
final class ImapConnections {
    private ImapConnections() {
    }

    static IMAPStore connect(MailServer server, int readTimeoutMillis) throws MessagingException {
        Store store = MailSessions.imap(server, readTimeoutMillis).getStore(MailSessions.imapProtocol(server));
        store.connect(server.host(), server.port(), server.user(), server.password());
        return (IMAPStore) store;
    }

    static Folder ensureFolder(Store store, String name) throws MessagingException {
        Folder folder = store.getFolder(name);
        if (!folder.exists()) {
            if (!folder.create(Folder.HOLDS_MESSAGES)) throw new MessagingException("cannot create IMAP folder " + name);
            folder.setSubscribed(true); // clients that list only subscribed folders show it too
        }
        return folder;
    }
}
