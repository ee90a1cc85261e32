package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.AGENT1;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.BOB;
import static postdesk.testing.MailWorld.SUPPORT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.mail.internet.MimeMessage;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.cli.CliTest;
import postdesk.cli.CliTest.Result;
import postdesk.config.DatabaseSettings;
import postdesk.retention.PersonErasure;
import postdesk.store.CustomerStore;
import postdesk.store.Database;
import postdesk.store.GuardStore;
import postdesk.store.MailLog;
import postdesk.store.PersonalData;
import postdesk.store.TicketStore;
import postdesk.testing.MailWorld;
import postdesk.ticket.Status;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketEvent;
import postdesk.ticket.TicketId;
import postdesk.ticket.TicketMessage;

/** {@code postdesk erase ADDRESS} over a database and attachment folder the daemon filled by mail. */
class EraseTest {
    private static final String CARD = "BEGIN:VCARD\r\nFN:Alice Example\r\nEMAIL:alice@customer.test\r\nEND:VCARD\r\n";

    @TempDir
    Path dir;

    @Test
    void erasingAPersonLeavesNoTraceOfTheAddressAndTheOthersTicketsIntact() throws Exception {
        Path attachments = dir.resolve("attachments");
        try (MailWorld world = new MailWorld(dir).with("POSTDESK_ATTACHMENTS_DIR", attachments.toString())) {
            world.start();
            DSLContext live = world.daemon().db().dsl();
            new CustomerStore(live).put(new CustomerStore.Customer(ALICE, "Customer Ltd", "gold"), world.clock.instant());
            new CustomerStore(live).put(new CustomerStore.Customer(BOB, "Customer Ltd", "gold"), world.clock.instant());
            new CustomerStore(live).addLicence(ALICE, "CL-ALICE-1");

            // Alice's own ticket, with her card attached and an agent's answer quoting her
            AttachmentsTest.sendWithAttachments(world, "My card", Map.of("card.vcf", CARD.getBytes(StandardCharsets.UTF_8)));
            TicketId hers = TicketId.findIn(world.awaitInbox(ALICE, 1).get(0).getSubject()).orElseThrow();
            world.reply(AGENT1, "Agent One", world.awaitInbox(AGENT1, 1).get(0), "Thanks, Alice Example, we have your card.");
            world.awaitInbox(ALICE, 2);

            // Bob's ticket, Alice copied (same organisation, so a participant), and Alice writing into it
            world.send(BOB, "Bob Builder", SUPPORT, "Team access", "Please give my colleague access too.\nLicense: CL-ALICE-1", "Cc", "Alice Example <" + ALICE + ">");
            MimeMessage bobsAck = world.awaitInbox(BOB, 1).get(0);
            TicketId bobs = TicketId.findIn(bobsAck.getSubject()).orElseThrow();
            world.reply(AGENT1, "Agent One", mailAbout(world, AGENT1, bobs), "Done for both of you.");
            MimeMessage copy = mailAbout(world, ALICE, bobs);
            world.reply(ALICE, "Alice Example", copy, "Yes, me too please.");
            await().until(() -> world.store().messages(bobs).size() == 3);
            world.settle();

            new MailLog(live).quarantine("<broken@customer.test>", "0".repeat(64), "could not parse",
                    ("From: Alice <ALICE@Customer.TEST>\r\nSubject: broken\r\n\r\n=?bad").getBytes(StandardCharsets.US_ASCII), world.clock.instant());
            new GuardStore(live).suppress(ALICE, world.clock.instant().plus(Duration.ofDays(7)), "550 5.1.1 " + ALICE + ": unknown", world.clock.instant());
            List<TicketMessage> bobsBefore = world.store().messages(bobs);
            world.stop();

            DatabaseSettings settings = world.config().database();
            try (Database db = Database.open(settings.url(), settings.user(), settings.password())) {
                assertThat(traces(db.dsl(), ALICE)).as("the scan sees the address where the daemon put it")
                        .anyMatch(t -> t.startsWith("ticket.requester_address"))
                        .anyMatch(t -> t.startsWith("quarantine.raw"))
                        .anyMatch(t -> t.startsWith("participant.address"))
                        .anyMatch(t -> t.startsWith("outbox.raw"))
                        .anyMatch(t -> t.startsWith("ticket.licensed_to"))
                        .anyMatch(t -> t.startsWith("customer_licence.pattern"));
            }
            assertThat(filesMentioning(attachments, ALICE)).as("the card is in the attachment store").hasSize(1);
            assertThat(filesMentioning(dir.resolve("db"), ALICE)).as("the H2 file holds the address").isNotEmpty();

            Result first = CliTest.run(world.env(), "erase", "Alice@Customer.TEST");
            assertThat(first.code()).as(first.err()).isZero();
            assertThat(first.out()).contains("erased alice@customer.test:").containsPattern("tickets +1")
                    .containsPattern("attachment files +1").containsPattern("quarantined mails +1").containsPattern("participants +1")
                    .contains("database file was compacted");
            assertThat(filesMentioning(dir.resolve("db"), ALICE)).as("no old page of the H2 file keeps the address").isEmpty();

            try (Database db = Database.open(settings.url(), settings.user(), settings.password())) {
                assertThat(traces(db.dsl(), ALICE)).isEmpty();
                TicketStore store = new TicketStore(db.dsl());
                Ticket erased = store.find(hers).orElseThrow();
                assertThat(erased.requester().address()).isEqualTo(PersonalData.PLACEHOLDER);
                assertThat(erased.status()).isEqualTo(Status.CLOSED);
                assertThat(store.messages(hers)).isEmpty();
                assertThat(store.events(hers)).extracting(TicketEvent::kind).contains(PersonErasure.EVENT);

                Ticket bob = store.find(bobs).orElseThrow();
                assertThat(bob.requester().address()).isEqualTo(BOB);
                assertThat(bob.subject()).isEqualTo("Team access");
                assertThat(bob.status()).isEqualTo(Status.OPEN);
                assertThat(store.participants(bobs)).isEmpty();
                List<TicketMessage> bobsAfter = store.messages(bobs);
                assertThat(bobsAfter).hasSize(3);
                assertThat(bobsAfter.get(0).from().address()).isEqualTo(BOB);
                assertThat(bobsAfter.get(0).replyText()).isEqualTo(bobsBefore.get(0).replyText()).contains("Please give my colleague access too.");
                assertThat(bobsAfter.get(1).from().address()).isEqualTo(AGENT1);
                assertThat(bobsAfter.get(1).replyText()).isEqualTo(bobsBefore.get(1).replyText()).contains("Done for both of you.");
                assertThat(bobsAfter.get(2).from().address()).isEqualTo(PersonalData.PLACEHOLDER);
                assertThat(bobsAfter.get(2).fullText()).isEmpty();
                assertThat(store.events(bobs)).filteredOn(e -> e.kind().equals(PersonErasure.EVENT)).isNotEmpty()
                        .allSatisfy(e -> assertThat(e.detail()).doesNotContainIgnoringCase("alice"));
                assertThat(new CustomerStore(db.dsl()).list()).extracting(CustomerStore.Customer::pattern).containsExactly(BOB);
            }
            assertThat(filesMentioning(attachments, ALICE)).isEmpty();

            Result second = CliTest.run(world.env(), "erase", ALICE);
            assertThat(second.code()).as(second.err()).isZero();
            assertThat(second.out()).contains("nothing left about alice@customer.test");
        }
    }

    @Test
    void theAddressMustBeAPersonsAddress() {
        try (MailWorld world = new MailWorld(dir)) {
            assertThat(CliTest.run(world.env(), "erase", "not an address").code()).isEqualTo(2);
            Result desk = CliTest.run(world.env(), "erase", SUPPORT);
            assertThat(desk.code()).isEqualTo(2);
            assertThat(desk.err()).contains("address of the desk");
            Result help = CliTest.run(world.env(), "erase", "--help");
            assertThat(help.code()).isZero();
            assertThat(help.out()).contains("GDPR erasure of one person");
        }
    }

    /** The first mail in {@code user}'s inbox about ticket {@code id}, once it is there. */
    private static MimeMessage mailAbout(MailWorld world, String user, TicketId id) {
        return await().until(() -> world.inbox(user).stream().filter(m -> subjectNames(m, id)).findFirst(), java.util.Optional::isPresent).get();
    }

    private static boolean subjectNames(MimeMessage m, TicketId id) {
        try {
            return m.getSubject().contains(id.value());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every value of every column of every table (found in the schema, not listed here) holding {@code needle} in any case, as "table.column: value". */
    static List<String> traces(DSLContext db, String needle) {
        String wanted = needle.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        for (Record column : db.fetch("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'")) {
            String table = column.get(0, String.class);
            String name = column.get(1, String.class);
            for (Record row : db.select(DSL.field(DSL.quotedName(name))).from(DSL.table(DSL.quotedName(table))).fetch()) {
                Object value = row.get(0);
                String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(value);
                if (text.toLowerCase(Locale.ROOT).contains(wanted)) found.add(table + "." + name + ": " + text);
            }
        }
        return found;
    }

    static List<Path> filesMentioning(Path folder, String needle) throws IOException {
        String wanted = needle.toLowerCase(Locale.ROOT);
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).filter(f -> {
                try {
                    return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT).contains(wanted);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
