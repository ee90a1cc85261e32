package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.BOB;
import static postdesk.testing.MailWorld.SUPPORT;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import postdesk.cli.CliTest;
import postdesk.config.PostdeskConfig;
import postdesk.retention.Retention;
import postdesk.store.AttachmentFiles;
import postdesk.testing.MailWorld;
import postdesk.testing.SharedPostgres;
import postdesk.ticket.Status;
import postdesk.ticket.TicketId;

/** Retention and erasure on a real PostgreSQL, beside a running daemon, as a second daemon would run them. */
class PostgresRetentionTest {
    static final EmbeddedPostgres postgres = SharedPostgres.get();

    @TempDir
    Path dir;

    @Test
    void retentionAndErasureRunBesideTheDaemonAndOnlyOnce() throws Exception {
        // a database of its own: the shared one holds other tests' tickets
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS retention");
            s.execute("CREATE DATABASE retention");
        }
        Path store = dir.resolve("attachments");
        byte[] file = AttachmentsTest.bytes(4_000, 7);
        try (MailWorld world = new MailWorld(dir).with("POSTDESK_DB_URL", postgres.getJdbcUrl("postgres", "retention"))
                .with("POSTDESK_DB_USER", "postgres").with("POSTDESK_ATTACHMENTS_DIR", store.toString())
                .with("POSTDESK_RETENTION", "*=30d")) {
            world.start();
            AttachmentsTest.sendWithAttachments(world, "Old", Map.of("old.bin", file));
            MimeMessage ack = world.awaitInbox(ALICE, 1).get(0);
            TicketId old = TicketId.findIn(ack.getSubject()).orElseThrow();
            world.reply(ALICE, "Alice Example", ack, "#close\nSolved.");
            await().until(() -> world.store().find(old).orElseThrow().status() == Status.CLOSED);
            world.send(BOB, "Bob", SUPPORT, "Open one", "Still waiting.");
            TicketId bobs = TicketId.findIn(world.awaitInbox(BOB, 1).get(0).getSubject()).orElseThrow();
            world.settle();

            world.clock.advance(Duration.ofDays(31));
            world.daemon().fireTimers();
            assertThat(world.store().messages(old)).isEmpty();
            assertThat(new AttachmentFiles(store).pathOf(AttachmentsTest.sha256(file))).doesNotExist();
            PostdeskConfig config = world.config();
            Retention another = new Retention(world.daemon().db(), config.retention(), config.desk(), new AttachmentFiles(store), world.clock);
            assertThat(another.runIfDue()).as("a second daemon finds nothing left to erase").isZero();
            assertThat(world.events(old, Retention.EVENT)).hasSize(1);

            CliTest.Result erased = CliTest.run(world.env(), "erase", BOB);
            assertThat(erased.code()).as(erased.err()).isZero();
            assertThat(erased.out()).containsPattern("tickets +1");
            assertThat(EraseTest.traces(world.daemon().db().dsl(), BOB)).isEmpty();
            assertThat(world.store().find(bobs).orElseThrow().status()).isEqualTo(Status.CLOSED);
            assertThat(CliTest.run(world.env(), "erase", BOB).out()).contains("nothing left");
        }
    }
}
