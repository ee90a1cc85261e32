package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.AGENT1;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.BOB;
import static postdesk.testing.MailWorld.SUPPORT;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import postdesk.store.MailLog;
import postdesk.store.TicketStore;
import postdesk.ticket.Status;
import postdesk.ticket.TicketId;
import postdesk.testing.MailWorld;
import postdesk.testing.SharedPostgres;

/** The same migrations and queries on a real PostgreSQL: a ticket's whole round trip with the daemon on PG. */
class PostgresMailLoopTest {
    static final EmbeddedPostgres postgres = SharedPostgres.get();

    @TempDir
    Path dir;

    private MailWorld onPostgres() {
        return new MailWorld(dir).with("POSTDESK_DB_URL", postgres.getJdbcUrl("postgres", "postgres")).with("POSTDESK_DB_USER", "postgres");
    }

    @Test
    void ticketRoundTripOnPostgres() throws Exception {
        try (MailWorld world = onPostgres()) {
            world.start();
            world.send(ALICE, "Alice Example", SUPPORT, "Disk full", "The shared disk is full.");
            MimeMessage ack = world.awaitInbox(ALICE, 1).get(0);
            TicketId id = TicketId.findIn(ack.getSubject()).orElseThrow();

            world.reply(AGENT1, "Agent One", world.awaitInbox(AGENT1, 1).get(0), "Cleaned up, try again.");
            world.awaitInbox(ALICE, 2);
            TicketStore store = new TicketStore(world.daemon().db().dsl());
            await().atMost(Duration.ofSeconds(10)).until(() -> store.find(id).orElseThrow().status() == Status.AWAITING_CUSTOMER);
            assertThat(store.messages(id)).hasSize(2);
            assertThat(store.list(Status.AWAITING_CUSTOMER, "disk", 10, 0)).extracting(t -> t.id()).containsExactly(id);
            assertThat(store.countsByStatus().get(Status.AWAITING_CUSTOMER)).isEqualTo(1);

            world.clock.advance(Duration.ofHours(49));
            world.daemon().fireTimers();
            assertThat(store.find(id).orElseThrow().status()).isEqualTo(Status.CLOSED);
            MimeMessage closing = world.awaitInbox(ALICE, 4).stream().filter(m -> MailWorld.text(m).contains("have not heard"))
                    .findFirst().orElseThrow();

            // a rating by reply: the closing time read from the audit trail, the one row upserted, the averages
            world.reply(ALICE, "Alice Example", closing, "5\nThanks");
            postdesk.store.RatingStore ratings = new postdesk.store.RatingStore(world.daemon().db().dsl());
            await().atMost(Duration.ofSeconds(20)).until(() -> ratings.find(id).isPresent());
            assertThat(ratings.find(id).orElseThrow().comment()).isEqualTo("Thanks");
            assertThat(ratings.closedAt(id)).isPresent();
            assertThat(ratings.byCategory()).isNotEmpty();
            assertThat(world.daemon().db().dsl().fetchCount(postdesk.store.schema.Tables.RATING,
                    postdesk.store.schema.Tables.RATING.TICKET_ID.eq(id.value()))).isEqualTo(1);
            assertThat(store.find(id).orElseThrow().status()).isEqualTo(Status.CLOSED);
        }
    }

    /** PostgreSQL counts characters as code points, not UTF-16 units: values cut to fit H2 fit here too, recipients are unbounded. */
    @Test
    void overlongValuesFitOnPostgres() throws Exception {
        try (MailWorld world = onPostgres().with("POSTDESK_PARTICIPANTS_MAX", "500").with("POSTDESK_AUTOREPLY_RECIPIENTS_MAX", "500")) {
            world.start();
            String colleagues = IntStream.range(0, 200).mapToObj(i -> String.format("colleague-%03d@customer.test", i))
                    .collect(Collectors.joining(", "));
            world.send(ALICE, "Alice " + "n".repeat(294), SUPPORT, "Long values on PostgreSQL", "Everything is long.",
                    "Cc", new InternetAddress(BOB, "Bob X" + "\uD83D\uDE00".repeat(120), "UTF-8") + ", " + colleagues);
            MimeMessage ack = world.awaitInbox(ALICE, 1).get(0);
            TicketId id = TicketId.findIn(ack.getSubject()).orElseThrow();
            TicketStore store = new TicketStore(world.daemon().db().dsl());
            assertThat(store.find(id).orElseThrow().requester().name()).hasSize(200);
            assertThat(store.participants(id)).hasSize(201).anyMatch(p -> p.address().equals(BOB) && p.name().length() == 199);
            assertThat(ack.getRecipients(Message.RecipientType.CC)).hasSize(201);
            assertThat(new MailLog(world.daemon().db().dsl()).quarantinedCount()).isZero();
        }
    }
}
