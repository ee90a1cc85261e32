package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.store.schema.Tables.ATTACHMENT;
import static postdesk.store.schema.Tables.AUTO_MAIL;
import static postdesk.store.schema.Tables.QUARANTINE;
import static postdesk.store.schema.Tables.OUTBOX;
import static postdesk.store.schema.Tables.PROCESSED_MAIL;
import static postdesk.store.schema.Tables.THREAD_REF;
import static postdesk.testing.MailWorld.AGENT1;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.BOB;
import static postdesk.testing.MailWorld.SUPPORT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.retention.Retention;
import postdesk.store.AttachmentFiles;
import postdesk.store.CustomerStore;
import postdesk.store.MailLog;
import postdesk.store.PersonalData;
import postdesk.testing.MailWorld;
import postdesk.ticket.Status;
import postdesk.ticket.TicketEvent;
import postdesk.ticket.TicketId;
import postdesk.ticket.TicketMessage;

/** Retention by mail and clock: closed tickets past their plan's period lose their mail, files and people; the rest stays. */
class RetentionTest {
    @TempDir
    Path dir;

    @Test
    void closedTicketsPastTheirPlansPeriodAreErasedAndTheYoungAndTheOpenStay() throws Exception {
        Path store = dir.resolve("attachments");
        byte[] onlyOld = AttachmentsTest.bytes(5_000, 1);
        byte[] shared = AttachmentsTest.bytes(6_000, 2);
        try (MailWorld world = new MailWorld(dir).with("POSTDESK_ATTACHMENTS_DIR", store.toString())
                .with("POSTDESK_RETENTION", "free=30d, gold=1y")) {
            world.start();
            new CustomerStore(world.daemon().db().dsl()).put(new CustomerStore.Customer(BOB, "Bob Corp", "gold"), world.clock.instant());
            AttachmentsTest.sendWithAttachments(world, "Old invoice", Map.of("old.bin", onlyOld, "shared.bin", shared));
            TicketId old = closedByItsRequester(world, ALICE);
            world.send(BOB, "Bob", SUPPORT, "Gold question", "How do I export?");
            TicketId gold = closedByItsRequester(world, BOB);
            AttachmentsTest.sendWithAttachments(world, "Still open", Map.of("shared.bin", shared));
            TicketId open = await().until(() -> world.store().list(null, "Still open", 5, 0), l -> !l.isEmpty()).get(0).id();
            world.settle();
            AttachmentFiles files = new AttachmentFiles(store);
            assertThat(files.pathOf(AttachmentsTest.sha256(onlyOld))).exists();
            DSLContext db = world.daemon().db().dsl();
            new MailLog(db).quarantine("<broken@customer.test>", "0".repeat(64), "could not parse", "From: alice@customer.test".getBytes(), world.clock.instant());
            Instant started = world.clock.instant();
            assertThat(db.fetchCount(AUTO_MAIL)).as("acknowledgements were counted per recipient").isPositive();

            world.clock.advance(Duration.ofDays(31));
            world.daemon().fireTimers();

            assertThat(world.store().messages(old)).isEmpty();
            assertThat(world.store().find(old).orElseThrow()).satisfies(t -> {
                assertThat(t.requester().address()).isEqualTo(PersonalData.PLACEHOLDER);
                assertThat(t.requester().name()).isEmpty();
                assertThat(t.subject()).isEqualTo("(erased)");
                assertThat(t.status()).isEqualTo(Status.CLOSED);
            });
            assertThat(world.events(old, Retention.EVENT)).singleElement().asString().contains("2 messages", "2 attachments").doesNotContain("alice");
            assertThat(world.store().events(old)).allSatisfy(e -> {
                assertThat(e.actor()).isNotEqualTo(ALICE);
                assertThat(e.detail() == null ? "" : e.detail()).doesNotContainIgnoringCase("alice").doesNotContain("Old invoice");
            });
            assertThat(db.fetchCount(THREAD_REF, THREAD_REF.TICKET_ID.eq(old.value()))).isZero();
            assertThat(db.fetchCount(OUTBOX, OUTBOX.TICKET_ID.eq(old.value()))).isZero();
            assertThat(db.fetchCount(PROCESSED_MAIL, PROCESSED_MAIL.TICKET_ID.eq(old.value()))).isZero();
            assertThat(db.fetchCount(ATTACHMENT, ATTACHMENT.SHA256.eq(AttachmentsTest.sha256(onlyOld)))).isZero();
            assertThat(files.pathOf(AttachmentsTest.sha256(onlyOld))).doesNotExist();
            assertThat(files.pathOf(AttachmentsTest.sha256(shared))).as("still used by the open ticket").exists();
            assertThat(db.fetchCount(AUTO_MAIL, AUTO_MAIL.QUEUED_AT.le(started))).as("records of no ticket go after the shortest period").isZero();
            assertThat(db.fetchCount(QUARANTINE)).isZero();

            assertThat(world.store().messages(gold)).as("a gold ticket is kept a year").isNotEmpty();
            assertThat(world.store().find(gold).orElseThrow().requester().address()).isEqualTo(BOB);
            assertThat(world.events(gold, Retention.EVENT)).isEmpty();
            List<TicketMessage> stillOpen = world.store().messages(open);
            assertThat(stillOpen).first().satisfies(m -> {
                assertThat(m.fullText()).contains("Files attached.");
                assertThat(m.attachments()).singleElement().satisfies(a -> assertThat(Files.readAllBytes(files.pathOf(a.sha256()))).isEqualTo(shared));
            });

            world.clock.advance(Duration.ofHours(2));
            world.daemon().fireTimers();
            assertThat(world.events(old, Retention.EVENT)).as("erased once").hasSize(1);

            world.clock.advance(Duration.ofDays(366));
            world.daemon().fireTimers();
            assertThat(world.store().messages(gold)).isEmpty();
            assertThat(world.events(gold, Retention.EVENT)).hasSize(1);
            assertThat(world.store().messages(open)).as("open tickets never expire").hasSize(stillOpen.size());
            assertThat(files.pathOf(AttachmentsTest.sha256(shared))).exists();
        }
    }

    @Test
    void anonymiseKeepsEachMessageAsADatedEntryWithoutContentOrCustomer() throws Exception {
        try (MailWorld world = new MailWorld(dir).with("POSTDESK_ATTACHMENTS_DIR", dir.resolve("attachments").toString())
                .with("POSTDESK_RETENTION", "*=30d").with("POSTDESK_RETENTION_MODE", "anonymise")) {
            world.start();
            world.send(ALICE, "Alice Example", SUPPORT, "Printer", "It smokes, call me at alice@customer.test.");
            MimeMessage ack = world.awaitInbox(ALICE, 1).get(0);
            TicketId id = TicketId.findIn(ack.getSubject()).orElseThrow();
            world.reply(AGENT1, "Agent One", world.awaitInbox(AGENT1, 1).get(0), "Unplug it, please.");
            MimeMessage answer = world.awaitInbox(ALICE, 2).get(1);
            world.reply(ALICE, "Alice Example", answer, "#close\nDone, thanks.");
            await().until(() -> world.store().find(id).orElseThrow().status() == Status.CLOSED);
            world.settle();
            List<TicketMessage> before = world.store().messages(id);

            world.clock.advance(Duration.ofDays(31));
            world.daemon().fireTimers();

            List<TicketMessage> after = world.store().messages(id);
            assertThat(after).hasSameSizeAs(before);
            assertThat(after).extracting(TicketMessage::created).isEqualTo(before.stream().map(TicketMessage::created).toList());
            assertThat(after).extracting(m -> m.from().address()).containsExactly(PersonalData.PLACEHOLDER, AGENT1, PersonalData.PLACEHOLDER);
            assertThat(after).allSatisfy(m -> {
                assertThat(m.fullText() + m.replyText() + m.quotedText()).isEmpty();
                assertThat(m.html()).isNull();
                assertThat(m.subject()).isNull();
            });
            assertThat(world.store().events(id)).extracting(TicketEvent::actor).doesNotContain(ALICE);
            assertThat(world.events(id, Retention.EVENT)).singleElement().asString().contains("3 messages anonymised");
        }
    }

    /** The ticket of {@code customer}'s first acknowledgement, closed by the customer's #close reply. */
    private static TicketId closedByItsRequester(MailWorld world, String customer) throws Exception {
        MimeMessage ack = world.awaitInbox(customer, 1).get(0);
        TicketId id = TicketId.findIn(ack.getSubject()).orElseThrow();
        world.reply(customer, customer, ack, "#close\nSolved, thanks.");
        await().until(() -> world.store().find(id).orElseThrow().status() == Status.CLOSED);
        return id;
    }
}
