package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.SUPPORT;
import static postdesk.store.schema.Tables.MESSAGE;
import static postdesk.store.schema.Tables.OUTBOX;
import static postdesk.store.schema.Tables.TICKET;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;

import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.testing.MailWorld;

/** A restart over the same mailbox and database makes no duplicate ticket, message or outbound mail. */
class RestartTest {
    @TempDir
    Path dir;

    @Test
    void restartingOverTheSameMailboxAndDatabaseDuplicatesNothing() throws Exception {
        try (MailWorld world = new MailWorld(dir)) {
            world.start();
            for (int i = 1; i <= 3; i++) world.send(ALICE, "Alice", SUPPORT, "Question " + i, "Body " + i);
            world.awaitInbox(ALICE, 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> world.mailbox(SUPPORT, "Processed").size() == 3);
            world.stop();

            // the same mails show up in the inbox again (a client copied them back, or a move was lost)
            copyBack(world, "Processed", "INBOX");
            assertThat(world.inbox(SUPPORT)).hasSize(3);

            world.start();
            world.send(ALICE, "Alice", SUPPORT, "Question 4", "Body 4");
            world.awaitInbox(ALICE, 4);
            await().atMost(Duration.ofSeconds(10)).until(() -> world.inbox(SUPPORT).isEmpty());

            DSLContext db = world.daemon().db().dsl();
            assertThat(db.fetchCount(TICKET)).isEqualTo(4);
            assertThat(db.fetchCount(MESSAGE)).isEqualTo(4);
            // one acknowledgement per ticket and one notification per agent per ticket: nothing more
            assertThat(db.fetchCount(OUTBOX)).isEqualTo(4 * 3);
            world.stop();

            // a plain restart with nothing new sends nothing
            world.start();
            Thread.sleep(1000);
            assertThat(world.inbox(ALICE)).hasSize(4);
            assertThat(world.daemon().db().dsl().fetchCount(OUTBOX)).isEqualTo(12);
        }
    }

    private static void copyBack(MailWorld world, String from, String to) throws Exception {
        Store store = Session.getInstance(new java.util.Properties()).getStore("imap");
        store.connect("127.0.0.1", world.greenMail.getImap().getPort(), SUPPORT, "support");
        try {
            Folder source = store.getFolder(from);
            source.open(Folder.READ_ONLY);
            source.copyMessages(source.getMessages(), store.getFolder(to));
            source.close(false);
        } finally {
            store.close();
        }
    }
}
