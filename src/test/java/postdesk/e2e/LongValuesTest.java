package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.store.schema.Tables.OUTBOX;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.BOB;
import static postdesk.testing.MailWorld.SUPPORT;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.cli.Main;
import postdesk.inbound.FetchedMail;
import postdesk.mail.Address;
import postdesk.mail.AttachmentInfo;
import postdesk.store.Database;
import postdesk.store.MailLog;
import postdesk.store.TicketStore;
import postdesk.testing.MailWorld;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketMessage;

/**
 * Values from mail longer than the columns they are stored in (names, addresses, a subject, an
 * attachment's name and type, Message-IDs, a long list of people copied): each mail still becomes
 * a ticket and is acknowledged, nothing is quarantined, and a mail quarantined for such a value
 * before is replayed.
 */
class LongValuesTest {
    private static final String EMOJI = "\uD83D\uDE00";
    private static final String FROM_ALICE = "From: Alice Example <alice@customer.test>\nTo: support@helpdesk.test\n";

    @TempDir
    Path dir;
    MailWorld world;

    @AfterEach
    void stop() {
        world.close();
    }

    private TicketStore store() {
        return new TicketStore(world.daemon().db().dsl());
    }

    /** The one ticket whose subject holds {@code word}. */
    private Ticket ticket(String word) {
        List<Ticket> found = store().list(null, word, 10, 0);
        assertThat(found).as(word).hasSize(1);
        return found.get(0);
    }

    /** A mail as bytes: {@code headers} one a line (LF or CRLF), then the body. */
    private static String raw(String headers, String body) {
        return headers.replaceAll("(?<!\r)\n", "\r\n") + "MIME-Version: 1.0\r\n\r\n" + body;
    }

    private static String messageId(int length) {
        String domain = "@customer.test";
        return "m".repeat(length - domain.length()) + domain;
    }

    private void awaitAllProcessed() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> world.count(SUPPORT, "INBOX") == 0);
        assertThat(world.count(SUPPORT, "Quarantine")).isZero();
        assertThat(new MailLog(world.daemon().db().dsl()).quarantined(false)).isEmpty();
    }

    private static void assertAcknowledged(List<MimeMessage> inbox, Ticket t) {
        assertThat(inbox).as("acknowledgement of " + t.id()).anyMatch(m -> subject(m).contains(t.id().value()));
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyOverlongValueFromMailIsCutToItsColumnAndTheMailBecomesAnAnsweredTicket() throws Exception {
        world = new MailWorld(dir).with("POSTDESK_AUTOREPLY_CAP", "100/3h");
        world.start();
        String longName = "Alice " + "n".repeat(294);
        world.send(ALICE, longName, SUPPORT, "Sendername case", "My name is long.");
        // the 200th character is the first half of a surrogate pair
        String ccName = "Bob X" + EMOJI.repeat(120);
        world.send(ALICE, "Alice Example", SUPPORT, "Ccname case", "Bob is copied.",
                "Cc", new InternetAddress(BOB, ccName, "UTF-8").toString());
        String ccAddress = "c".repeat(316) + "@customer.test";
        world.send(ALICE, "Alice Example", SUPPORT, "Ccaddress case", "A long address is copied.", "Cc", "<" + ccAddress + ">");
        String longSubject = "Subjectlength case " + "s".repeat(1981);
        world.send(ALICE, "Alice Example", SUPPORT, longSubject, "My subject is long.");
        String filename = "f".repeat(396) + ".pdf";
        String contentType = "application/x-" + "t".repeat(300);
        world.sendRaw(ALICE, raw(FROM_ALICE
                + "Subject: Attachmentname case\nMessage-ID: <attachment-case@customer.test>\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\n",
                "--b\r\nContent-Type: text/plain\r\n\r\nA file.\r\n"
                        + "--b\r\nContent-Type: " + contentType + "\r\nContent-Transfer-Encoding: base64\r\n"
                        + "Content-Disposition: attachment; filename=\"" + filename + "\"\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n"));
        world.sendRaw(ALICE, raw(FROM_ALICE
                + "Subject: Messageid1000 case\nMessage-ID: <" + messageId(1000) + ">\n", "An id of 1,000 characters.\r\n"));
        String longestId = messageId(998);
        world.sendRaw(ALICE, raw(FROM_ALICE
                + "Subject: Messageid998 case\nMessage-ID: <" + longestId + ">\n", "An id as long as a header line allows.\r\n"));
        String longSender = "f".repeat(316) + "@customer.test";
        world.sendRaw(ALICE, raw("From: <" + longSender + ">\nTo: support@helpdesk.test\n"
                + "Subject: Senderaddress case\nMessage-ID: <sender-address-case@customer.test>\n", "My address is long.\r\n"));

        List<MimeMessage> acks = world.awaitInbox(ALICE, 7);
        awaitAllProcessed();

        Ticket sender = ticket("Sendername");
        assertAcknowledged(acks, sender);
        assertThat(sender.requester().name()).isEqualTo(longName.substring(0, 200));

        Ticket cc = ticket("Ccname");
        assertAcknowledged(acks, cc);
        List<Address> participants = store().participants(cc.id());
        assertThat(participants).extracting(Address::address).containsExactly(BOB);
        assertThat(participants.get(0).name()).isEqualTo("Bob X" + EMOJI.repeat(97)).hasSize(199);
        assertThat(world.awaitInbox(BOB, 1)).anyMatch(m -> subject(m).contains(cc.id().value()));

        Ticket ccAddressed = ticket("Ccaddress");
        assertAcknowledged(acks, ccAddressed);
        assertThat(store().participants(ccAddressed.id())).isEmpty(); // no such mailbox can exist: never written to

        Ticket subject = ticket("Subjectlength");
        assertAcknowledged(acks, subject);
        assertThat(subject.subject()).hasSize(200).startsWith("Subjectlength case s");
        assertThat(store().messages(subject.id()).get(0).subject()).isEqualTo(longSubject.substring(0, 1000));

        Ticket attachment = ticket("Attachmentname");
        assertAcknowledged(acks, attachment);
        AttachmentInfo file = store().messages(attachment.id()).get(0).attachments().get(0);
        assertThat(file.filename()).startsWith("fffff").hasSizeLessThanOrEqualTo(255); // the parser keeps 200 of a name
        assertThat(file.contentType()).isEqualTo(contentType.substring(0, 255));
        assertThat(file.sha256()).isNotNull();

        // longer than RFC 5322's 998-character line: not a Message-ID, so the mail is kept without one
        assertAcknowledged(acks, ticket("Messageid1000"));
        assertThat(store().messages(ticket("Messageid1000").id()).get(0).messageId()).isNull();
        Ticket longest = ticket("Messageid998");
        assertAcknowledged(acks, longest);

        // the mail from an address no mailbox can have is kept, and nothing is sent to it
        Ticket longAddress = ticket("Senderaddress");
        assertThat(longAddress.requester().address()).isEqualTo(longSender.substring(0, 320));
        assertThat(store().events(longAddress.id())).anyMatch(e -> e.kind().equals("not_sent"));

        // the longest Message-ID is kept whole, so a reply to it finds its ticket
        world.sendRaw(ALICE, raw(FROM_ALICE
                + "Subject: Re: Messageid998 case\nMessage-ID: <reply-998@customer.test>\nIn-Reply-To: <" + longestId + ">\n",
                "Any news?\r\n"));
        await().atMost(Duration.ofSeconds(20)).until(() -> store().messages(longest.id()).size() == 2);
        assertThat(store().messages(longest.id())).extracting(TicketMessage::messageId).containsExactly(longestId, "reply-998@customer.test");
        assertThat(store().count(null, null)).isEqualTo(8);
        awaitAllProcessed();
    }

    /** With the amplification caps raised (participants.max, autoreply.recipients.max), the lists still fit. */
    @Test
    void aMailCopyingTwoHundredColleaguesReachesEveryOneOfThemWhenTheCapsAllowIt() throws Exception {
        world = new MailWorld(dir).with("POSTDESK_PARTICIPANTS_MAX", "500").with("POSTDESK_AUTOREPLY_RECIPIENTS_MAX", "500");
        world.start();
        List<String> colleagues = IntStream.range(0, 200).mapToObj(i -> String.format("colleague-%03d@customer.test", i)).toList();
        world.sendRaw(ALICE, raw(FROM_ALICE
                + "Cc: " + String.join(",\n ", colleagues) + "\nSubject: Everyone copied\nMessage-ID: <everyone@customer.test>\n",
                "The whole team is copied.\r\n"));

        MimeMessage ack = world.awaitInbox(ALICE, 1).get(0);
        awaitAllProcessed();
        Ticket t = ticket("Everyone copied");
        assertThat(subject(ack)).contains(t.id().value());
        assertThat(store().participants(t.id())).extracting(Address::address).containsExactlyElementsOf(colleagues);
        assertThat(ack.getRecipients(Message.RecipientType.CC)).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactlyInAnyOrderElementsOf(colleagues);
        // the outbox kept the whole list: it is the envelope the mail was sent to
        String recipients = world.daemon().db().dsl().select(OUTBOX.RECIPIENTS).from(OUTBOX)
                .where(OUTBOX.KIND.eq("ACKNOWLEDGEMENT")).fetchSingle(OUTBOX.RECIPIENTS);
        assertThat(recipients).hasSizeGreaterThan(4000).startsWith(ALICE + ",").endsWith(colleagues.get(199));
    }

    /** A mail quarantined for a value too long (as before the cut) is replayed into an acknowledged ticket. */
    @Test
    void aMailQuarantinedForOverlongValuesIsReplayed() throws Exception {
        world = new MailWorld(dir);
        world.start(); // creates the schema
        world.stop();
        String mail = raw("From: \"Alice " + "n".repeat(294) + "\" <alice@customer.test>\nTo: support@helpdesk.test\n"
                + "Cc: " + new InternetAddress(BOB, "Bob X" + EMOJI.repeat(120), "UTF-8") + ", <" + "c".repeat(316) + "@customer.test>\n"
                + "Subject: Replayed case " + "s".repeat(1977) + "\nMessage-ID: <" + messageId(998) + ">\n",
                "Everything about me is long.\r\n");
        String url = world.env().get("POSTDESK_DB_URL");
        try (Database db = Database.open(url, "", "")) {
            byte[] bytes = mail.getBytes(StandardCharsets.UTF_8);
            FetchedMail raw = FetchedMail.of(new MailLog.MailboxPosition("INBOX", 1, 1), bytes);
            new MailLog(db.dsl()).quarantine(raw.messageId(), raw.contentHash(),
                    "DataAccessException: Value too long for column \"requester_name\"", bytes, Instant.now());
        }

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"replay", "--all"}, world.env(), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("1 replayed, 0 still quarantined").contains("CREATED TKT-");

        world.clock.set(Instant.now()); // the replay queued its mail on the system clock
        world.start();
        Ticket t = ticket("Replayed case");
        assertThat(t.requester().name()).hasSize(200);
        assertThat(store().participants(t.id())).extracting(Address::address).containsExactly(BOB);
        MimeMessage ack = world.awaitInbox(ALICE, 1).get(0);
        assertThat(subject(ack)).contains(t.id().value());
        assertThat(new MailLog(world.daemon().db().dsl()).quarantinedCount()).isZero();
        assertThat(ack.getRecipients(Message.RecipientType.CC)).extracting(a -> ((InternetAddress) a).getAddress()).containsExactly(BOB);
    }
}
