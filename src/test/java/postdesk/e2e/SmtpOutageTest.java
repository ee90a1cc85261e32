package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.AGENT1;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.SUPPORT;
import static postdesk.testing.MailWorld.text;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import postdesk.store.OutboxStore;
import postdesk.store.TicketStore;
import postdesk.ticket.TicketId;
import postdesk.testing.MailWorld;

/** SMTP down for a while, then back: nothing is lost, a ticket's mail goes out in order, health tells the truth. */
class SmtpOutageTest {
    @TempDir
    Path dir;

    @Test
    void mailQueuedWhileSmtpIsDownIsSentInOrderWhenItComesBack() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (MailWorld world = new MailWorld(dir).with("POSTDESK_SMTP_PORT", Integer.toString(deadPort))
                .with("POSTDESK_AUTH_TRUSTED_SERVERS", "mx.helpdesk.test")) {
            world.start();
            world.send(ALICE, "Alice", SUPPORT, "Mail while SMTP is down", "Hello?");
            TicketStore store = new TicketStore(world.daemon().db().dsl());
            await().atMost(Duration.ofSeconds(10)).until(() -> store.count(null, null) == 1);
            TicketId id = store.list(null, null, 1, 0).get(0).id();

            // the agent answers (reaching the mailbox through the other server, which checked their DKIM
            // signature, since their notification with its reply address is stuck too) while outbound mail is stuck
            world.send(AGENT1, "Agent One", SUPPORT, "Re: Mail while SMTP is down " + id.tag(), "Here is your answer.",
                    "Authentication-Results", "mx.helpdesk.test; dkim=pass header.d=helpdesk.test");
            await().atMost(Duration.ofSeconds(10)).until(() -> store.messages(id).size() == 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> world.daemon().health().smtpProblem() != null);
            OutboxStore outbox = new OutboxStore(world.daemon().db().dsl());
            assertThat(outbox.backlog()).isEqualTo(4); // ack + 2 agent notifications + the relayed reply
            assertThat(world.daemon().health().smtpProblem().error()).containsIgnoringCase("connect");

            GreenMail back = new GreenMail(new ServerSetup(deadPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            back.start();
            try {
                world.clock.advance(Duration.ofHours(2)); // past every back-off
                await().atMost(Duration.ofSeconds(20)).until(() -> outbox.backlog() == 0);
                List<MimeMessage> toAlice = Arrays.stream(back.getReceivedMessages())
                        .filter(m -> recipients(m).contains(ALICE)).toList();
                assertThat(toAlice).hasSize(2);
                assertThat(text(toAlice.get(0))).contains("we have received your request");
                assertThat(text(toAlice.get(1))).contains("Here is your answer.");
                assertThat(world.daemon().health().smtpProblem()).isNull();
                assertThat(back.getReceivedMessages()).hasSize(4);
            } finally {
                back.stop();
            }
        }
    }

    private static String recipients(MimeMessage m) {
        try {
            return jakarta.mail.internet.InternetAddress.toString(m.getAllRecipients());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
