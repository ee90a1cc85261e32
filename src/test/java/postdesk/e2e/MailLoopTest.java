package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
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

import jakarta.mail.Flags;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.store.TicketStore;
import postdesk.ticket.Status;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketId;
import postdesk.ticket.TicketMessage;
import postdesk.testing.MailWorld;

/** The whole loop through real protocols: GreenMail SMTP/IMAP on loopback, an H2 file, the daemon's threads. */
class MailLoopTest {
    @TempDir
    Path dir;
    MailWorld world;

    @BeforeEach
    void start() throws Exception {
        world = new MailWorld(dir);
        world.start();
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private TicketStore store() {
        return new TicketStore(world.daemon().db().dsl());
    }

    /** Alice writes; returns her acknowledgement once it arrived. */
    private MimeMessage openTicket(String subject, String body) throws Exception {
        int before = world.inbox(ALICE).size();
        world.send(ALICE, "Alice Example", SUPPORT, subject, body);
        List<MimeMessage> inbox = world.awaitInbox(ALICE, before + 1);
        return inbox.get(inbox.size() - 1);
    }

    private static TicketId idIn(MimeMessage m) throws Exception {
        String subject = m.getSubject();
        return TicketId.findIn(subject).orElseThrow(() -> new AssertionError("no ticket ID in " + subject));
    }

    @Test
    void newMailOpensATicketAcknowledgesTheCustomerAndNotifiesEveryAgent() throws Exception {
        String aliceId = world.send(ALICE, "Alice Example", SUPPORT, "Printer on fire", "It smokes since this morning.");

        MimeMessage ack = world.awaitInbox(ALICE, 1).get(0);
        TicketId id = idIn(ack);
        assertThat(ack.getSubject()).isEqualTo("Re: Printer on fire [" + id + "]");
        assertThat(((InternetAddress) ack.getFrom()[0]).getAddress()).isEqualTo(SUPPORT);
        assertThat(ack.getHeader("In-Reply-To")[0]).isEqualTo("<" + aliceId + ">");
        assertThat(ack.getHeader("Auto-Submitted")[0]).isEqualTo("auto-replied");
        assertThat(ack.getHeader("X-Auto-Response-Suppress")[0]).isEqualTo("All");
        assertThat(ack.getMessageID()).matches("<pd\\." + id.value().toLowerCase() + "\\.[a-z2-9]{10}\\.[a-z2-7]{16}@helpdesk\\.test>");
        assertThat(text(ack)).contains(id.value()).contains("Hello Alice,"); // greeted by first name

        for (String agent : List.of(AGENT1, AGENT2)) {
            MimeMessage note = world.awaitInbox(agent, 1).get(0);
            assertThat(note.getSubject()).contains(id.tag());
            // the agent's own reply address on the support domain: answering the notification answers the customer
            assertThat(((InternetAddress) note.getReplyTo()[0]).getAddress()).startsWith("support+" + id.value().toLowerCase() + ".")
                    .endsWith("@helpdesk.test");
            assertThat(InternetAddress.toString(note.getAllRecipients())).isEqualTo(agent);
            assertThat(text(note)).contains("It smokes since this morning.").contains(ALICE);
        }

        Ticket t = store().find(id).orElseThrow();
        assertThat(t.status()).isEqualTo(Status.OPEN);
        assertThat(t.requester().address()).isEqualTo(ALICE);
        assertThat(t.subject()).isEqualTo("Printer on fire");

        // the mail left the inbox only after the commit, flagged \Seen, into the processed folder
        await().atMost(Duration.ofSeconds(10)).until(() -> world.inbox(SUPPORT).isEmpty());
        List<MimeMessage> processed = world.mailbox(SUPPORT, "Processed");
        assertThat(processed).hasSize(1);
        assertThat(processed.get(0).isSet(Flags.Flag.SEEN)).isTrue();
    }

    @Test
    void agentReplyIsRelayedFromTheSupportAddressWithoutTheQuotedHistory() throws Exception {
        MimeMessage ack = openTicket("Cannot log in", "My password is refused.");
        TicketId id = idIn(ack);
        MimeMessage notification = world.awaitInbox(AGENT1, 1).get(0);

        world.reply(AGENT1, "Agent One", notification, "Please reset it at the login page.\nThat should do it.");

        MimeMessage relayed = world.awaitInbox(ALICE, 2).get(1);
        assertThat(relayed.getSubject()).contains(id.tag());
        InternetAddress from = (InternetAddress) relayed.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo(SUPPORT);
        assertThat(from.getPersonal()).isEqualTo("Agent One via Helpdesk");
        String body = text(relayed);
        assertThat(body).contains("Please reset it at the login page.\nThat should do it.");
        assertThat(body).doesNotContain("> ").doesNotContain("wrote:").doesNotContain("My password is refused.");
        // the agent's own address never reaches the customer
        assertThat(String.join("\n", headerLines(relayed))).doesNotContain(AGENT1);
        assertThat(relayed.getHeader("Auto-Submitted")).isNull();
        // threads under the customer's conversation: replies to the latest mail she has, references her first
        assertThat(relayed.getHeader("In-Reply-To")[0]).isEqualTo(ack.getMessageID());
        assertThat(relayed.getHeader("References")[0]).contains(ack.getHeader("In-Reply-To")[0]).contains(ack.getMessageID());

        assertThat(store().find(id).orElseThrow().status()).isEqualTo(Status.AWAITING_CUSTOMER);
        List<TicketMessage> messages = store().messages(id);
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).inbound()).isFalse();
        assertThat(messages.get(1).replyText()).isEqualTo("Please reset it at the login page.\nThat should do it.");
        assertThat(messages.get(1).quotedText()).contains("wrote:");
    }

    @Test
    void customerReplyLandsOnTheSameTicketReopensItAndNotifiesAgents() throws Exception {
        MimeMessage ack = openTicket("VPN drops", "Every ten minutes.");
        TicketId id = idIn(ack);
        world.reply(AGENT2, "Agent Two", world.awaitInbox(AGENT2, 1).get(0), "Which client version?");
        MimeMessage relayed = world.awaitInbox(ALICE, 2).get(1);

        world.reply(ALICE, "Alice Example", relayed, "Version 4.2 on Windows.");

        await().atMost(Duration.ofSeconds(10)).until(() -> store().messages(id).size() == 3);
        assertThat(store().find(id).orElseThrow().status()).isEqualTo(Status.OPEN);
        assertThat(store().messages(id).get(2).replyText()).isEqualTo("Version 4.2 on Windows.");
        assertThat(store().list(null, null, 10, 0)).hasSize(1);
        // agent1 gets new ticket + customer reply; agent2 wrote the reply and is notified of the customer's answer too
        MimeMessage second = world.awaitInbox(AGENT1, 2).get(1);
        assertThat(second.getSubject()).contains(id.tag());
        // the customer's quote of the agent's answer is cut; the answer itself is shown once, as context, below a line
        String shown = text(second);
        assertThat(shown).contains("Version 4.2 on Windows.").doesNotContain("> Which client version?");
        assertThat(shown.indexOf("Which client version?")).isGreaterThan(shown.indexOf("---- earlier: Agent Two"));
        // no second acknowledgement to the customer
        assertThat(world.inbox(ALICE)).hasSize(2);
    }

    @Test
    void subjectWithTheTicketIdRoutesEvenWithoutThreadingHeaders() throws Exception {
        TicketId id = idIn(openTicket("Invoice missing", "March invoice."));
        world.send(ALICE, "Alice Example", SUPPORT, "AW: Fwd: RE: something [" + id.value().toLowerCase() + "]", "Any news?");
        await().atMost(Duration.ofSeconds(10)).until(() -> store().messages(id).size() == 2);
        assertThat(store().count(null, null)).isEqualTo(1);
    }

    @Test
    void autoCloseRemindsThenClosesOnceOnTheControlledClock() throws Exception {
        TicketId id = idIn(openTicket("Slow laptop", "It takes ages to boot."));
        world.reply(AGENT1, "Agent One", world.awaitInbox(AGENT1, 1).get(0), "Please send the boot log.");
        world.awaitInbox(ALICE, 2);

        world.clock.advance(Duration.ofHours(23));
        world.daemon().fireTimers();
        assertThat(store().find(id).orElseThrow().status()).isEqualTo(Status.AWAITING_CUSTOMER);

        world.clock.advance(Duration.ofHours(2)); // 25 h: the reminder is due (24 h before the 48 h close)
        world.daemon().fireTimers();
        MimeMessage reminder = world.awaitInbox(ALICE, 3).get(2);
        assertThat(text(reminder)).contains("within 1 day");
        assertThat(reminder.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");

        world.clock.advance(Duration.ofHours(24));
        world.daemon().fireTimers();
        world.daemon().fireTimers(); // a second pass fires nothing again
        MimeMessage notice = world.awaitInbox(ALICE, 4).get(3);
        assertThat(text(notice)).contains("is now closed");
        assertThat(store().find(id).orElseThrow().status()).isEqualTo(Status.CLOSED);
        assertThat(store().events(id)).extracting(e -> e.kind()).containsOnlyOnce("reminder_sent");

        Thread.sleep(500);
        assertThat(world.inbox(ALICE)).hasSize(4);
    }

    @Test
    void customerReplyStopsTheAutoCloseClock() throws Exception {
        TicketId id = idIn(openTicket("Printer jam", "Paper stuck."));
        world.reply(AGENT1, "Agent One", world.awaitInbox(AGENT1, 1).get(0), "Open tray 2.");
        MimeMessage relayed = world.awaitInbox(ALICE, 2).get(1);
        world.reply(ALICE, "Alice Example", relayed, "Done, still stuck.");
        await().atMost(Duration.ofSeconds(10)).until(() -> store().find(id).orElseThrow().status() == Status.OPEN);

        world.clock.advance(Duration.ofDays(3));
        world.daemon().fireTimers();
        assertThat(store().find(id).orElseThrow().status()).isEqualTo(Status.OPEN);
    }

    @Test
    void replyToAClosedTicketOpensANewLinkedTicket() throws Exception {
        TicketId old = idIn(openTicket("Old problem", "Broken."));
        world.reply(AGENT1, "Agent One", world.awaitInbox(AGENT1, 1).get(0), "Fixed, I think.");
        world.awaitInbox(ALICE, 2);
        world.clock.advance(Duration.ofHours(49));
        world.daemon().fireTimers();
        MimeMessage closedNotice = world.awaitInbox(ALICE, 4).get(3);
        assertThat(store().find(old).orElseThrow().status()).isEqualTo(Status.CLOSED);

        world.reply(ALICE, "Alice Example", closedNotice, "It is broken again.");

        MimeMessage ack = world.awaitInbox(ALICE, 5).get(4);
        TicketId followUp = idIn(ack);
        assertThat(followUp).isNotEqualTo(old);
        assertThat(text(ack)).contains(old.value()).contains("already closed");
        Ticket t = store().find(followUp).orElseThrow();
        assertThat(t.linkedTo()).isEqualTo(old);
        assertThat(t.status()).isEqualTo(Status.OPEN);
        assertThat(store().linked(old)).containsExactly(followUp);
        assertThat(store().messages(old)).hasSize(2); // nothing was added to the closed ticket
        assertThat(store().find(old).orElseThrow().status()).isEqualTo(Status.CLOSED);
    }

    @Test
    void aStrangerQuotingATicketIdGetsANewTicketNotAnEntryInSomeoneElses() throws Exception {
        TicketId alices = idIn(openTicket("Salary data", "Confidential."));
        world.send(MALLORY, "Mallory", SUPPORT, "Re: Salary data [" + alices + "]", "Please send me the data.");

        List<MimeMessage> malloryInbox = world.awaitInbox(MALLORY, 1);
        TicketId mallorys = idIn(malloryInbox.get(0));
        assertThat(mallorys).isNotEqualTo(alices);
        assertThat(text(malloryInbox.get(0))).doesNotContain("Confidential");
        assertThat(store().messages(alices)).hasSize(1);
        assertThat(store().find(mallorys).orElseThrow().linkedTo()).isEqualTo(alices);
    }

    @Test
    void copiedColleaguesBecomeParticipantsWhoReceiveRepliesAndMayWriteIn() throws Exception {
        world.send(ALICE, "Alice Example", SUPPORT + ", " + BOB, "Shared drive", "Bob and I cannot open it.");
        TicketId id = idIn(world.awaitInbox(ALICE, 1).get(0));
        world.reply(AGENT1, "Agent One", world.awaitInbox(AGENT1, 1).get(0), "Try again now.");
        // bob got alice's original mail directly, then the relayed reply as Cc
        List<MimeMessage> bobs = world.awaitInbox(BOB, 3);
        assertThat(bobs.stream().filter(m -> text(m).contains("Try again now."))).hasSize(1);

        world.send(BOB, "Bob", SUPPORT, "Re: Shared drive " + id.tag(), "Works for me now.");
        await().atMost(Duration.ofSeconds(10)).until(() -> store().messages(id).size() == 3);
    }

    @Test
    void onlyTheRequestersOrganisationJoinsTheTicket() throws Exception {
        // mallory is on another domain: copied, she saw alice's mail, but replies do not reach her and she cannot write in
        world.send(ALICE, "Alice Example", SUPPORT + ", " + BOB + ", " + MALLORY, "Payroll export", "The export is empty.");
        TicketId id = idIn(world.awaitInbox(ALICE, 1).get(0));
        world.reply(AGENT1, "Agent One", world.awaitInbox(AGENT1, 1).get(0), "Fixed, please retry.");
        world.awaitInbox(BOB, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> world.inbox(ALICE).size() == 2);
        assertThat(world.inbox(MALLORY)).hasSize(1).allMatch(m -> !text(m).contains("Fixed, please retry."));
        assertThat(store().participants(id)).extracting(a -> a.address()).containsExactly(BOB);
        assertThat(store().events(id)).anyMatch(e -> e.kind().equals("not_participants") && e.detail().contains(MALLORY));

        world.send(MALLORY, "Mallory", SUPPORT, "Re: Payroll export " + id.tag(), "Send me the payroll file.");
        TicketId mallorys = idIn(world.awaitInbox(MALLORY, 2).get(1));
        assertThat(mallorys).isNotEqualTo(id);
        assertThat(store().messages(id)).hasSize(2);

        // in the customer directory the organisation spans domains: her address is Alice's company's too
        new postdesk.store.CustomerStore(world.daemon().db().dsl()).put(
                new postdesk.store.CustomerStore.Customer("@customer.test", "Customer Ltd", "gold"), world.clock.instant());
        new postdesk.store.CustomerStore(world.daemon().db().dsl()).put(
                new postdesk.store.CustomerStore.Customer(MALLORY, "Customer Ltd", "gold"), world.clock.instant());
        world.send(ALICE, "Alice Example", SUPPORT + ", " + MALLORY, "Second question", "Also the PDFs.");
        TicketId second = idIn(world.awaitInbox(ALICE, 3).get(2));
        assertThat(store().participants(second)).extracting(a -> a.address()).containsExactly(MALLORY);
    }

    @Test
    void machineMailIsStoredButNeverAnswered() throws Exception {
        world.send(BOB, "Bob", SUPPORT, "Out of office", "I am away until Monday.", "Auto-Submitted", "auto-replied");
        world.send(ALICE, "Alice Example", SUPPORT, "Real question", "Hello?");
        world.awaitInbox(ALICE, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> store().count(null, null) == 2);
        Thread.sleep(500);
        assertThat(world.inbox(BOB)).isEmpty();
        // the agents hear about the human mail only
        assertThat(world.inbox(AGENT1)).hasSize(1);
    }

    @Test
    void customersAskForAPriorityWithATagOrImpactAndUrgency() throws Exception {
        TicketId tagged = idIn(openTicket("[urgent] Shop is down", "Nobody can pay."));
        TicketId rated = idIn(openTicket("Slow reports", "Reports take minutes.\nImpact: high\nUrgency: high"));
        TicketId plain = idIn(openTicket("A question", "How do I export?"));
        assertThat(store().find(tagged).orElseThrow().priority()).isEqualTo(postdesk.ticket.Priority.URGENT);
        assertThat(store().find(tagged).orElseThrow().subject()).isEqualTo("Shop is down");
        assertThat(store().find(rated).orElseThrow().priority()).isEqualTo(postdesk.ticket.Priority.CRITICAL);
        assertThat(store().find(plain).orElseThrow().priority()).isEqualTo(postdesk.ticket.Priority.NORMAL);
    }

    @Test
    void aMailWithTheSubjectStatusListsTheSendersOwnOpenTicketsToThemOnly() throws Exception {
        TicketId first = idIn(openTicket("Printer jam", "Paper stuck."));
        TicketId second = idIn(openTicket("VPN", "Drops."));
        world.send(ALICE, "Alice Example", SUPPORT, "Status", "");
        MimeMessage list = world.awaitInbox(ALICE, 3).get(2);
        assertThat(list.getSubject()).isEqualTo("Re: status - your open tickets");
        assertThat(text(list)).contains(first.value()).contains(second.value()).contains("Printer jam");
        assertThat(list.getHeader("Auto-Submitted")[0]).isEqualTo("auto-replied");

        world.send(BOB, "Bob", SUPPORT, "status", "");
        MimeMessage bobs = world.awaitInbox(BOB, 1).get(0);
        assertThat(text(bobs)).contains("no open tickets").doesNotContain(first.value());
        await().atMost(Duration.ofSeconds(10)).until(() -> world.inbox(SUPPORT).isEmpty());
        assertThat(store().count(null, null)).isEqualTo(2); // no ticket for the requests
    }

    @Test
    void aNewTicketsCategoryComesFromTheAliasOrASubjectKeyword() throws Exception {
        world.stop();
        world.with("POSTDESK_CATEGORIES", "Billing,Technical").with("POSTDESK_CATEGORY_ALIASES", "billing@helpdesk.test=Billing")
                .with("POSTDESK_CATEGORY_KEYWORDS", "vpn|log ?in=Technical").start();
        // the billing@ alias delivers into the support mailbox; the mail still names billing@ in To
        world.sendRaw(ALICE, "From: Alice <alice@customer.test>\r\nTo: billing@helpdesk.test\r\nSubject: Double charge\r\n"
                + "Message-ID: <alias-1@customer.test>\r\n\r\nCharged twice.\r\n");
        TicketId billing = idIn(world.awaitInbox(ALICE, 1).get(0));
        TicketId technical = idIn(openTicket("VPN down again", "It drops."));
        TicketId none = idIn(openTicket("A question", "How do I export?"));
        assertThat(store().find(billing).orElseThrow().category()).isEqualTo("Billing");
        assertThat(store().find(technical).orElseThrow().category()).isEqualTo("Technical");
        assertThat(store().find(none).orElseThrow().category()).isNull();
    }

    @Test
    void aPaidPlanFromTheCustomerDirectoryMarksTheTicketPremium() throws Exception {
        var directory = new postdesk.store.CustomerStore(world.daemon().db().dsl());
        directory.put(new postdesk.store.CustomerStore.Customer("@customer.test", "Customer Ltd", "pro"), world.clock.instant());
        directory.put(new postdesk.store.CustomerStore.Customer("bob@customer.test", "Customer Ltd", "free"), world.clock.instant());
        Ticket premium = store().find(idIn(openTicket("Paid support", "Hello"))).orElseThrow();
        assertThat(premium.plan()).isEqualTo("pro");
        assertThat(premium.premium()).isTrue();
        world.send(BOB, "Bob", SUPPORT, "Free support", "Hi");
        TicketId bobs = idIn(world.awaitInbox(BOB, 1).get(0));
        assertThat(store().find(bobs).orElseThrow().premium()).isFalse(); // his own entry wins over the domain's
        world.send(MALLORY, "Mallory", SUPPORT, "Unknown sender", "Hi");
        TicketId unknown = idIn(world.awaitInbox(MALLORY, 1).get(0));
        assertThat(store().find(unknown).orElseThrow().plan()).isEqualTo("free");
    }

    @Test
    void aBounceOfOurMailJoinsItsTicketAndIsNeverAnswered() throws Exception {
        MimeMessage ack = openTicket("Wrong address?", "Please check.");
        TicketId id = idIn(ack);
        String dsn = MailWorld.hardBounce(ack, ALICE, "dsn-1");
        world.sendRaw("MAILER-DAEMON@mx.customer.test", dsn);

        await().atMost(Duration.ofSeconds(10)).until(() -> store().messages(id).size() == 2);
        assertThat(store().count(null, null)).isEqualTo(1); // no new ticket for the bounce
        assertThat(store().find(id).orElseThrow().status()).isEqualTo(Status.OPEN);
        assertThat(store().events(id)).anyMatch(e -> e.kind().equals("machine_mail") && e.detail().contains("alice@customer.test 5.1.1"));
        Thread.sleep(500);
        assertThat(world.inbox(ALICE)).hasSize(1); // nothing answered
        assertThat(world.inbox(AGENT1)).hasSize(1); // and the agents are not notified of machine mail
    }

    @Test
    void mailFromPostdeskItselfIsIgnored() throws Exception {
        world.send(SUPPORT, "Helpdesk", SUPPORT, "Loop?", "This is my own mail.");
        await().atMost(Duration.ofSeconds(10)).until(() -> world.inbox(SUPPORT).isEmpty());
        assertThat(store().count(null, null)).isZero();
        assertThat(world.mailbox(SUPPORT, "Processed")).hasSize(1);
    }

    @Test
    void aMailThatCannotBeReadIsQuarantinedAndTheLoopGoesOn() throws Exception {
        world.sendRaw(ALICE, "To: support@helpdesk.test\r\nSubject: no sender at all\r\nMessage-ID: <poison@x.test>\r\n\r\nwho am I?\r\n");
        world.send(ALICE, "Alice Example", SUPPORT, "After the poison", "Still there?");

        world.awaitInbox(ALICE, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> world.mailbox(SUPPORT, "Quarantine").size() == 1);
        assertThat(store().count(null, null)).isEqualTo(1);
        var quarantined = new postdesk.store.MailLog(world.daemon().db().dsl()).quarantined(false);
        assertThat(quarantined).hasSize(1);
        assertThat(quarantined.get(0).reason()).contains("no sender address");
        assertThat(new String(quarantined.get(0).raw())).contains("who am I?");
    }

    private static List<String> headerLines(MimeMessage m) throws Exception {
        return java.util.Collections.list(m.getAllHeaderLines());
    }
}
