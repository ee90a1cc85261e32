package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.AGENT1;
import static postdesk.testing.MailWorld.AGENT2;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.BOB;
import static postdesk.testing.MailWorld.SUPPORT;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.store.OutboxStore;
import postdesk.testing.MailWorld;
import postdesk.ticket.Ticket;

/**
 * Two support addresses in one daemon (issue 15): support@ (the top-level keys) and billing@ (its
 * own address, login, name, agents, category and templates), both read from GreenMail over IMAP.
 */
class SeveralMailboxesTest {
    static final String BILLING = "billing@helpdesk.test";

    @TempDir
    Path dir;

    private MailWorld world() throws Exception {
        MailWorld world = new MailWorld(dir)
                .with("POSTDESK_MAILBOXES", "support,billing")
                .with("POSTDESK_CATEGORIES", "Billing,Technical")
                .with("POSTDESK_MAILBOX_BILLING_ADDRESS", BILLING)
                .with("POSTDESK_MAILBOX_BILLING_IMAP_USER", BILLING)
                .with("POSTDESK_MAILBOX_BILLING_IMAP_PASSWORD", "billing")
                .with("POSTDESK_MAILBOX_BILLING_SUPPORT_NAME", "Billing Team")
                .with("POSTDESK_MAILBOX_BILLING_AGENTS", AGENT2)
                .with("POSTDESK_MAILBOX_BILLING_CATEGORY", "billing")
                .with("POSTDESK_MAILBOX_BILLING_TEMPLATES_DIR", dir.resolve("billing-templates").toString());
        world.greenMail.setUser(BILLING, BILLING, "billing");
        // billing's own acknowledgement; every other template comes from the shared ones
        Files.createDirectories(dir.resolve("billing-templates"));
        Files.writeString(dir.resolve("billing-templates/acknowledgement.txt"),
                "Hello {{customer_name}}, the billing team has your ticket {{ticket_id}}.\n");
        return world;
    }

    @Test
    void eachMailboxMakesItsOwnTicketsAndAnswersFromItsOwnAddressNameAndTemplates() throws Exception {
        try (MailWorld world = world()) {
            world.start();
            world.send(ALICE, "Alice", SUPPORT, "Printer on fire", "It smokes.");
            world.send(BOB, "Bob", BILLING, "Invoice twice", "I was charged twice.");

            MimeMessage aliceAck = world.awaitInbox(ALICE, 1).get(0);
            MimeMessage bobAck = world.awaitInbox(BOB, 1).get(0);
            InternetAddress aliceFrom = (InternetAddress) aliceAck.getFrom()[0];
            InternetAddress bobFrom = (InternetAddress) bobAck.getFrom()[0];
            assertThat(aliceFrom.getAddress()).isEqualTo(SUPPORT);
            assertThat(aliceFrom.getPersonal()).isEqualTo("Helpdesk");
            assertThat(bobFrom.getAddress()).isEqualTo(BILLING);
            assertThat(bobFrom.getPersonal()).isEqualTo("Billing Team");
            assertThat(((InternetAddress) bobAck.getReplyTo()[0]).getAddress()).isEqualTo(BILLING);
            assertThat(MailWorld.text(bobAck)).contains("the billing team has your ticket TKT-");
            assertThat(MailWorld.text(aliceAck)).doesNotContain("billing team");

            Ticket printer = ticketOf(world, ALICE);
            Ticket invoice = ticketOf(world, BOB);
            assertThat(printer.mailbox()).isEqualTo("support");
            assertThat(invoice.mailbox()).isEqualTo("billing");
            assertThat(invoice.category()).isEqualTo("Billing");
            assertThat(printer.category()).isNull();

            // billing's agents hear of billing's tickets only; support's agents (the top-level list) of support's
            await().atMost(Duration.ofSeconds(20)).until(() -> world.inbox(AGENT1).size() == 1 && world.inbox(AGENT2).size() == 2);
            assertThat(world.inbox(AGENT1)).extracting(MimeMessage::getSubject).allMatch(s -> s.contains(printer.id().value()));
            MimeMessage billingNote = world.inbox(AGENT2).stream()
                    .filter(m -> subject(m).contains(invoice.id().value())).findFirst().orElseThrow();
            String replyAddress = ((InternetAddress) billingNote.getReplyTo()[0]).getAddress();
            assertThat(replyAddress).startsWith("billing+").endsWith("@helpdesk.test");

            // the agent's answer through billing's reply address reaches Bob from billing@
            world.reply(AGENT2, "Agent Two", billingNote, "Refunded, sorry about that.");
            MimeMessage answer = world.awaitInbox(BOB, 2).get(1);
            assertThat(((InternetAddress) answer.getFrom()[0]).getAddress()).isEqualTo(BILLING);
            assertThat(((InternetAddress) answer.getFrom()[0]).getPersonal()).isEqualTo("Agent Two via Billing Team");
            assertThat(MailWorld.text(answer)).contains("Refunded, sorry about that.");

            assertThat(json(world, "/api/tickets/" + invoice.id().value()).path("mailbox").asText()).isEqualTo("billing");
            assertThat(json(world, "/api/tickets/" + printer.id().value()).path("mailbox").asText()).isEqualTo("support");
        }
    }

    @Test
    void aMailToBothAddressesMakesOneTicketAndOneAcknowledgement() throws Exception {
        try (MailWorld world = world()) {
            world.start();
            for (int i = 0; i < 5; i++) {
                world.send(ALICE, "Alice", SUPPORT + ", " + BILLING, "Charged for a broken printer " + i, "Both teams, please.");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> world.count(SUPPORT, "INBOX") == 0 && world.count(BILLING, "INBOX") == 0
                    && new OutboxStore(world.daemon().db().dsl()).backlog() == 0);
            Thread.sleep(500);
            assertThat(world.store().list(null, null, 100, 0)).hasSize(5);
            assertThat(world.inbox(ALICE)).hasSize(5);
            // each copy went to its mailbox's processed folder, none to quarantine
            assertThat(world.count(SUPPORT, "Processed")).isEqualTo(5);
            assertThat(world.count(BILLING, "Processed")).isEqualTo(5);
        }
    }

    @Test
    void oneMailboxThatCannotLogInStopsNotTheOtherAndCatchesUpOnceItCan() throws Exception {
        try (MailWorld world = world()) {
            world.greenMail.getUserManager().getUser(BILLING).setPassword("changed-by-an-admin");
            world.start();
            world.send(BOB, "Bob", BILLING, "Invoice twice", "I was charged twice.");
            world.send(ALICE, "Alice", SUPPORT, "Printer on fire", "It smokes.");
            assertThat(world.awaitInbox(ALICE, 1)).hasSize(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> json(world, "/healthz").path("status").asText().equals("degraded"));
            JsonNode mailboxes = json(world, "/healthz").path("mailboxes");
            assertThat(mailboxes.get(0).path("name").asText()).isEqualTo("support");
            assertThat(mailboxes.get(0).path("status").asText()).isEqualTo("ok");
            assertThat(mailboxes.get(1).path("name").asText()).isEqualTo("billing");
            assertThat(mailboxes.get(1).path("status").asText()).isEqualTo("degraded");
            assertThat(mailboxes.get(1).path("imap").path("error").asText()).contains("billing@helpdesk.test");
            assertThat(mailboxes.get(0).path("owner").asText()).isEqualTo(json(world, "/healthz").path("daemon").asText());
            assertThat(mailboxes.get(1).path("outbox_backlog").asInt(-1)).isZero();
            assertThat(world.inbox(BOB)).isEmpty();

            world.greenMail.getUserManager().getUser(BILLING).setPassword("billing");
            assertThat(world.awaitInbox(BOB, 1)).hasSize(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> json(world, "/healthz").path("status").asText().equals("ok"));
        }
    }

    private static Ticket ticketOf(MailWorld world, String requester) {
        List<Ticket> all = world.store().list(null, null, 100, 0);
        return all.stream().filter(t -> t.requester().address().equals(requester)).findFirst().orElseThrow();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(MailWorld world, String path) throws Exception {
        return new ObjectMapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + world.daemon().httpPort() + path)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
