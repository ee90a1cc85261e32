package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.store.schema.Tables.PROCESSED_MAIL;
import static postdesk.testing.MailWorld.AGENT1;
import static postdesk.testing.MailWorld.AGENT2;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.BOB;
import static postdesk.testing.MailWorld.MALLORY;
import static postdesk.testing.MailWorld.SUPPORT;
import static postdesk.testing.MailWorld.text;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.store.GuardStore;
import postdesk.store.MailLog;
import postdesk.store.OutboxStore;
import postdesk.testing.MailWorld;
import postdesk.ticket.Status;
import postdesk.ticket.TicketId;

/**
 * Issue 12, end to end over GreenMail: limits that can be turned off, bounces from the null
 * sender, quarantine that stays quarantine, strangers' machine mail, commands in order, closed
 * tickets that stay closed, forged customers, and amplification by Cc lines or floods.
 */
class BadInputByMailTest {
    @TempDir
    Path dir;
    MailWorld world;

    @BeforeEach
    void create() {
        world = new MailWorld(dir);
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private List<String> outcomes() {
        return world.daemon().db().dsl().select(PROCESSED_MAIL.OUTCOME).from(PROCESSED_MAIL).orderBy(PROCESSED_MAIL.PROCESSED_AT)
                .fetch(PROCESSED_MAIL.OUTCOME);
    }

    private TicketId openTicket(String subject) throws Exception {
        world.send(ALICE, "Alice Example", SUPPORT, subject, "Please help.");
        return TicketId.findIn(world.awaitInbox(ALICE, 1).get(0).getSubject()).orElseThrow();
    }

    @Test
    void limitsTurnedOffLetEveryMailBeAnswered() throws Exception {
        world.with("POSTDESK_RATELIMIT_SENDER", "off").with("POSTDESK_RATELIMIT_DOMAIN", "OFF").with("POSTDESK_AUTOREPLY_CAP", "off").start();
        assertThat(world.config().guards().senderLimit().isOff()).isTrue();
        for (int i = 0; i < 35; i++) world.send(ALICE, "Alice Example", SUPPORT, "Question " + i, "Number " + i);
        world.settle();
        assertThat(world.inbox(ALICE)).hasSize(35).allMatch(m -> subject(m).contains("[TKT-"));
    }

    @Test
    void aRateLimitNoticeNamesTheDomainLimitThatTripped() throws Exception {
        world.with("POSTDESK_RATELIMIT_DOMAIN", "3/1h").start();
        world.send(ALICE, "Alice Example", SUPPORT, "One", "1");
        world.send(ALICE, "Alice Example", SUPPORT, "Two", "2");
        world.send(BOB, "Bob Example", SUPPORT, "Three", "3");
        world.settle();
        world.send(BOB, "Bob Example", SUPPORT, "Four", "4");
        world.settle();
        List<MimeMessage> bobs = world.inbox(BOB);
        assertThat(bobs).hasSize(2);
        assertThat(text(bobs.get(1))).contains("more than 3 mails from your domain customer.test").doesNotContain("from you ");
        TicketId fourth = TicketId.findIn(subject(bobs.get(1))).orElseThrow();
        assertThat(world.events(fourth, "rate_limited")).singleElement().asString().contains("from the domain customer.test");
    }

    @Test
    void aRateLimitedStatusRequestIsRecordedAsNotAnswered() throws Exception {
        world.with("POSTDESK_RATELIMIT_SENDER", "2/1h").start();
        world.send(ALICE, "Alice Example", SUPPORT, "One", "1");
        world.send(ALICE, "Alice Example", SUPPORT, "Two", "2");
        world.settle();
        world.send(ALICE, "Alice Example", SUPPORT, "status", "");
        world.settle();
        assertThat(world.inbox(ALICE)).hasSize(2); // two acknowledgements, no list
        assertThat(outcomes()).containsExactly("CREATED", "CREATED", "NOT_ANSWERED");
    }

    @Test
    void aBounceFromTheNullSenderReachesItsTicketAndSuppressesTheAddress() throws Exception {
        world.start();
        TicketId id = openTicket("Wrong address?");
        MimeMessage ack = world.inbox(ALICE).get(0);
        String dsn = MailWorld.hardBounce(ack, ALICE, "dsn-null")
                .replace("From: Mail Delivery System <MAILER-DAEMON@mx.customer.test>", "From: MAILER-DAEMON <>");
        world.deliverRaw(dsn.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> world.store().messages(id).size() == 2);
        assertThat(new MailLog(world.daemon().db().dsl()).quarantined(false)).isEmpty();
        assertThat(world.events(id, "machine_mail")).singleElement().asString().contains("alice@customer.test 5.1.1");
        assertThat(new GuardStore(world.daemon().db().dsl()).isSuppressed(ALICE, world.clock.instant())).isTrue();
        assertThat(world.store().count(null, null)).isEqualTo(1);
    }

    @Test
    void aNullSenderBounceAboutNoTicketIsRecordedNotFiled() throws Exception {
        world.start();
        world.deliverRaw(("From: MAILER-DAEMON <>\r\nTo: support@helpdesk.test\r\nSubject: Undelivered Mail Returned to Sender\r\n"
                + "Auto-Submitted: auto-replied\r\nMessage-ID: <dsn-stray@mx.other.test>\r\n\r\nThe mail you never sent could not be delivered.\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        world.settle();
        assertThat(outcomes()).containsExactly("UNFILED");
        assertThat(new MailLog(world.daemon().db().dsl()).quarantined(false)).isEmpty();
        assertThat(world.mailbox(SUPPORT, "Processed")).hasSize(1);
    }

    @Test
    void aQuarantinedMailDeliveredAgainGoesBackToTheQuarantineFolder() throws Exception {
        world.start();
        String poison = "To: support@helpdesk.test\r\nSubject: no sender at all\r\nMessage-ID: <poison-again@x.test>\r\n\r\nwho am I?\r\n";
        world.sendRaw(ALICE, poison);
        await().atMost(Duration.ofSeconds(10)).until(() -> world.count(SUPPORT, "Quarantine") == 1);
        world.sendRaw(ALICE, poison); // the same mail once more (a redelivery, a second alias)
        await().atMost(Duration.ofSeconds(10)).until(() -> world.count(SUPPORT, "Quarantine") == 2);
        assertThat(world.count(SUPPORT, "Processed")).isZero();
        assertThat(new MailLog(world.daemon().db().dsl()).quarantined(true)).hasSize(1);
        assertThat(outcomes()).containsExactly("QUARANTINED");
    }

    @Test
    void aStrangersMachineMailNeedsMoreThanATicketIdInTheSubject() throws Exception {
        world.start();
        TicketId id = openTicket("Printer jam");
        MimeMessage ack = world.inbox(ALICE).get(0);
        world.send(MALLORY, "Mallory", SUPPORT, "Automatic reply: Re: Printer jam " + id.tag(), "I am out of the office.",
                "Auto-Submitted", "auto-replied");
        world.settle();
        assertThat(world.store().messages(id)).hasSize(1);
        // the same kind of mail answering a mail Postdesk sent (an alias's out-of-office) does join it
        world.send(MALLORY, "Mallory", SUPPORT, "Automatic reply: Re: Printer jam " + id.tag(), "I am out of the office.",
                "Auto-Submitted", "auto-replied", "In-Reply-To", ack.getMessageID());
        world.settle();
        assertThat(world.store().messages(id)).hasSize(2);
        assertThat(world.inbox(MALLORY)).isEmpty();
    }

    @Test
    void assignThenStatusInProgressKeepsTheTicketInProgressWithEveryStepOnTheTrail() throws Exception {
        world.start();
        TicketId id = openTicket("VPN down");
        MimeMessage notification = world.awaitInbox(AGENT1, 1).get(0);
        world.reply(AGENT1, "Agent One", notification, "#assign me\n#status in-progress\nLooking into it now.");
        world.settle();
        assertThat(world.store().find(id).orElseThrow().status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(world.events(id, "status")).containsExactly("OPEN -> IN_PROGRESS (assigned)");
        MimeMessage confirmation = world.inbox(AGENT1).stream().filter(m -> text(m).contains("status stays in progress"))
                .findFirst().orElseThrow();
        assertThat(text(confirmation)).contains("status open -> in progress").doesNotContain("refused");
        assertThat(text(world.awaitInbox(ALICE, 2).get(1))).contains("Looking into it now.");
    }

    @Test
    void aCustomersCloseLineIsCutAndAnAgentsCourtesyReplyLeavesTheTicketClosed() throws Exception {
        world.start();
        TicketId id = openTicket("Thanks in advance");
        MimeMessage ack = world.inbox(ALICE).get(0);
        world.reply(ALICE, "Alice Example", ack, "#close\nAll solved, thank you!");
        await().atMost(Duration.ofSeconds(10)).until(() -> world.store().find(id).orElseThrow().status() == Status.CLOSED);
        world.settle();
        assertThat(world.store().messages(id).get(1).replyText()).contains("All solved").doesNotContain("#close");
        MimeMessage closedNotice = world.inbox(AGENT1).stream().filter(m -> text(m).contains("All solved")).findFirst().orElseThrow();
        assertThat(text(closedNotice)).doesNotContain("#close");

        world.reply(AGENT1, "Agent One", closedNotice, "You are welcome!");
        world.settle();
        assertThat(world.inbox(ALICE)).anyMatch(m -> text(m).contains("You are welcome!"));
        assertThat(world.store().find(id).orElseThrow().status()).isEqualTo(Status.CLOSED);
        assertThat(world.events(id, "agent_reply")).singleElement().asString().contains("the ticket stays closed");
    }

    @Test
    void aForgedCustomerIsNotAnsweredAndItsCloseIsNotApplied() throws Exception {
        world.with("POSTDESK_AUTH_TRUSTED_SERVERS", "mx.helpdesk.test").start();
        TicketId id = openTicket("Real problem");
        String failed = "mx.helpdesk.test; spf=fail smtp.mailfrom=customer.test; dkim=none; dmarc=fail (p=reject) header.from=customer.test";
        world.send(ALICE, "Alice Example", SUPPORT, "Re: Real problem " + id.tag(), "#close\nNever mind.", "Authentication-Results", failed);
        world.settle();
        assertThat(world.store().find(id).orElseThrow().status()).isEqualTo(Status.OPEN);
        assertThat(world.store().messages(id)).hasSize(2);
        assertThat(world.events(id, "forged_sender")).hasSize(1);
        assertThat(world.inbox(AGENT1)).anyMatch(m -> text(m).contains("FORGED SENDER") && text(m).contains("#close was not applied"));

        world.send(BOB, "Bob Example", SUPPORT, "Send me everything", "Hello", "Authentication-Results", failed);
        world.settle();
        assertThat(world.inbox(BOB)).isEmpty(); // no backscatter to the real Bob
        assertThat(world.store().count(null, null)).isEqualTo(2);
        assertThat(world.inbox(AGENT2)).anyMatch(m -> subject(m).contains("Send me everything") && text(m).contains("FORGED SENDER"));
        assertThat(world.inbox(ALICE)).hasSize(1);
    }

    @Test
    void aLongCcLineIsCappedAndAFreeMailDomainIsNoOrganisation() throws Exception {
        world.start();
        String cc = IntStream.range(0, 150).mapToObj(i -> "colleague" + i + "@customer.test").collect(Collectors.joining(", "));
        world.send(ALICE, "Alice Example", SUPPORT, "For the whole team", "Hello all", "Cc", cc);
        MimeMessage ack = world.awaitInbox(ALICE, 1).get(0);
        world.settle();
        TicketId id = TicketId.findIn(ack.getSubject()).orElseThrow();
        assertThat(ack.getRecipients(MimeMessage.RecipientType.CC)).hasSize(9); // 10 recipients in all
        assertThat(world.events(id, "not_participants")).singleElement().asString()
                .contains("over the 20 participants").contains("colleague20@customer.test").contains("colleague149@customer.test");
        assertThat(world.events(id, "not_sent")).singleElement().asString().contains("colleague9@customer.test (over 10 recipients");

        world.greenMail.setUser("carol@gmail.com", "carol@gmail.com", "carol");
        world.send("carol@gmail.com", "Carol", SUPPORT, "Hi", "Hello", "Cc", "dave@gmail.com");
        MimeMessage carols = await().atMost(Duration.ofSeconds(20)).until(() -> world.inbox("carol@gmail.com"), l -> !l.isEmpty()).get(0);
        TicketId second = TicketId.findIn(carols.getSubject()).orElseThrow();
        assertThat(carols.getRecipients(MimeMessage.RecipientType.CC)).isNull();
        assertThat(world.events(second, "not_participants")).singleElement().asString().contains("dave@gmail.com");
    }

    @Test
    void aGlobalCapBoundsAutomaticMailFromAFloodOfDomainsAndTheRestWaits() throws Exception {
        world.with("POSTDESK_AUTOREPLY_TOTAL", "3/1h").start();
        for (int i = 0; i < 5; i++) world.send("someone@flood" + i + ".test", "Someone", SUPPORT, "Flood " + i, "Hello");
        OutboxStore outbox = new OutboxStore(world.daemon().db().dsl());
        await().atMost(Duration.ofSeconds(30)).until(() -> world.store().count(null, null) == 5 && acknowledgementsDelivered() == 3
                && outbox.backlog() == 2);
        Thread.sleep(1500); // a few more passes of the outbox worker: still three
        assertThat(acknowledgementsDelivered()).isEqualTo(3);
        assertThat(world.inbox(AGENT1)).hasSize(5); // agents' mail is not capped
        // the window passes: what waited goes out, nothing was dropped
        world.clock.advance(Duration.ofHours(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> acknowledgementsDelivered() == 5 && outbox.backlog() == 0);
    }

    private long acknowledgementsDelivered() {
        return java.util.Arrays.stream(world.greenMail.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().contains("@flood");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).count();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
