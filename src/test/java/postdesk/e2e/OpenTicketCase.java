package postdesk.e2e;

import static postdesk.testing.MailWorld.AGENT1;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.SUPPORT;

import java.nio.file.Path;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import postdesk.testing.MailWorld;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketId;

/** Tests that start with Alice's ticket "VPN broken" open and agent1's notification of it in hand. */
abstract class OpenTicketCase {
    @TempDir
    Path dir;
    MailWorld world;
    TicketId id;
    MimeMessage notification;

    /** What a test class puts in the world's folder before the daemon starts (canned replies …). */
    void prepare() throws Exception {
    }

    @BeforeEach
    void openTicket() throws Exception {
        prepare();
        world = new MailWorld(dir);
        world.start();
        world.send(ALICE, "Alice Example", SUPPORT, "VPN broken", "It drops every minute.");
        id = TicketId.findIn(world.awaitInbox(ALICE, 1).get(0).getSubject()).orElseThrow();
        notification = world.awaitInbox(AGENT1, 1).get(0);
    }

    @AfterEach
    void stop() {
        world.close();
    }

    Ticket ticket(TicketId t) {
        return world.store().find(t).orElseThrow();
    }

    Ticket ticket() {
        return ticket(id);
    }

    /** The newest of at least {@code count} mails in a user's inbox. */
    MimeMessage lastTo(String user, int count) {
        List<MimeMessage> inbox = world.awaitInbox(user, count);
        return inbox.get(inbox.size() - 1);
    }
}
