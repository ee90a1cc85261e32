package postdesk.imap;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;

import org.eclipse.angus.mail.imap.IMAPStore;

import postdesk.config.MailServer;
import postdesk.login.Logins;
import postdesk.mail.MailSessions;

/** Opens authenticated IMAP connections to the support mailbox. */
final class ImapConnections {
    private ImapConnections() {
    }

    static IMAPStore connect(MailServer server, int readTimeoutMillis) throws MessagingException {
        Store store = MailSessions.imap(server, readTimeoutMillis).getStore(MailSessions.imapProtocol(server));
        try {
            store.connect(server.host(), server.port(), server.user(), Logins.secret(server));
        } catch (AuthenticationFailedException e) {
            Logins.refused(server); // an expired or revoked token: the next attempt gets a fresh one
            throw e;
        }
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
