package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.SUPPORT;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.imap.ImapServer;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.testing.MailWorld;

/**
 * The IMAP server goes away in the middle of a fetch (its connections cut, nothing listening) and
 * comes back with the same mailbox: the daemon says so on /healthz, reconnects by itself, and every
 * mail becomes exactly one ticket.
 */
class ImapOutageTest {
    @TempDir
    Path dir;

    @Test
    void anImapServerRestartMidFetchLosesAndDoublesNothing() throws Exception {
        int mails = 300;
        try (MailWorld world = new MailWorld(dir).with("POSTDESK_RATELIMIT_DOMAIN", "100000/1h")) {
            GreenMailUser support = world.greenMail.getUserManager().getUser(SUPPORT);
            Session plain = Session.getInstance(new Properties());
            for (int i = 0; i < mails; i++) {
                String raw = "From: Customer " + i + " <customer" + i + "@customers.test>\r\nTo: " + SUPPORT + "\r\nSubject: Question " + i
                        + "\r\nMessage-ID: <outage-" + i + "@customers.test>\r\nContent-Type: text/plain\r\n\r\nHello " + i + "\r\n";
                support.deliver(new MimeMessage(plain, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
            }
            world.start();
            var db = world.daemon().db().dsl();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> db.fetchCount(postdesk.store.schema.Tables.TICKET) >= 20);

            ServerSetup setup = world.greenMail.getImap().getServerSetup();
            int port = world.greenMail.getImap().getPort();
            world.greenMail.getImap().stopService(); // connections cut mid-fetch
            await().atMost(Duration.ofSeconds(15)).until(() -> world.daemon().health().imapProblem() != null);
            int during = db.fetchCount(postdesk.store.schema.Tables.TICKET);
            assertThat(during).isLessThan(mails);

            ImapServer back = new ImapServer(new ServerSetup(port, setup.getBindAddress(), ServerSetup.PROTOCOL_IMAP),
                    world.greenMail.getManagers());
            back.startService();
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> db.fetchCount(postdesk.store.schema.Tables.TICKET) == mails && world.count(SUPPORT, "INBOX") == 0);
                Thread.sleep(500);
                assertThat(db.fetchCount(postdesk.store.schema.Tables.TICKET)).isEqualTo(mails);
                assertThat(db.fetchCount(postdesk.store.schema.Tables.MESSAGE)).isEqualTo(mails);
                assertThat(db.fetchCount(db.selectDistinct(postdesk.store.schema.Tables.MESSAGE.MESSAGE_ID).from(postdesk.store.schema.Tables.MESSAGE)))
                        .isEqualTo(mails);
                assertThat(world.count(SUPPORT, "Processed")).isEqualTo(mails);
                await().atMost(Duration.ofSeconds(10)).until(() -> world.daemon().health().imapProblem() == null);
            } finally {
                back.stopService();
            }
        }
    }
}
