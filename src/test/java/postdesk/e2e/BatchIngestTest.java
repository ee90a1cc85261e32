package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.SUPPORT;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.store.MailLog;
import postdesk.testing.MailWorld;

/**
 * Mail waiting when the daemon starts is fetched, read and applied in batches: copies inside one
 * batch are caught though nothing of the batch is committed yet, and go where their first went;
 * a poison mail is quarantined alone while the rest of its batch becomes tickets.
 */
class BatchIngestTest {
    @TempDir
    Path dir;

    private static byte[] mail(String id, String from, String subject) {
        return ((from == null ? "" : "From: " + from + "\r\n") + "To: support@helpdesk.test\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + id + ">\r\n\r\nBody of " + subject + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void copiesInOneBatchGoWhereTheirFirstWentAndAPoisonMailIsQuarantinedAlone() throws Exception {
        try (MailWorld world = new MailWorld(dir)) {
            world.deliverRaw(mail("good-1@customer.test", "Alice <alice@customer.test>", "First question"));
            world.deliverRaw(mail("poison@x.test", null, "Nobody wrote me"));
            world.deliverRaw(mail("good-1@customer.test", "Alice <alice@customer.test>", "First question")); // a second delivery
            world.deliverRaw(mail("poison@x.test", null, "Nobody wrote me"));
            world.deliverRaw(mail("good-2@customer.test", "Alice <alice@customer.test>", "Second question"));
            world.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> world.count(SUPPORT, "INBOX") == 0);
            assertThat(world.store().count(null, null)).isEqualTo(2);
            assertThat(world.count(SUPPORT, "Processed")).isEqualTo(3);
            assertThat(world.count(SUPPORT, "Quarantine")).isEqualTo(2);
            assertThat(new MailLog(world.daemon().db().dsl()).quarantined(true)).hasSize(1);
            world.settle();
            assertThat(world.inbox(ALICE)).hasSize(2); // one acknowledgement per ticket
        }
    }
}
