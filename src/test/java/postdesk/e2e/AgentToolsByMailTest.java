package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static postdesk.testing.MailWorld.AGENT1;
import static postdesk.testing.MailWorld.AGENT2;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.SUPPORT;
import static postdesk.testing.MailWorld.text;

import java.nio.file.Files;
import java.time.Duration;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import postdesk.testing.MailWorld;
import postdesk.ticket.Status;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketId;

/** Merge, snooze, send-later and canned replies, by mail through GreenMail (issue 18). */
class AgentToolsByMailTest extends OpenTicketCase {
    @Override
    void prepare() throws Exception {
        Files.createDirectories(dir.resolve("replies"));
        Files.writeString(dir.resolve("replies").resolve("restart.md"),
                "Hello {{customer_first_name}},\n\nplease restart the app once and tell us whether {{ticket_id}} is still a problem.\n");
    }

    @Test
    void mergeMovesEverythingTellsTheCustomerOnceAndTheOldIdRoutesToTheSurvivor() throws Exception {
        world.send(ALICE, "Alice Example", SUPPORT, "VPN again", "Same problem as this morning.");
        MimeMessage secondAck = lastTo(ALICE, 2);
        TicketId second = TicketId.findIn(secondAck.getSubject()).orElseThrow();
        MimeMessage secondNotification = lastTo(AGENT1, 2);

        world.reply(AGENT1, "Agent One", secondNotification, "#merge " + id.value());

        MimeMessage notice = lastTo(ALICE, 3);
        assertThat(notice.getSubject()).contains(id.value());
        assertThat(text(notice)).contains(second.value()).contains(id.value()).contains("put the two together");
        assertThat(text(lastTo(AGENT1, 3))).contains("merged into " + id.value());
        assertThat(ticket(second).status()).isEqualTo(Status.CLOSED);
        assertThat(world.store().mergedInto(second)).contains(id);
        assertThat(world.store().messages(id)).extracting(m -> m.replyText()).anyMatch(t -> t.contains("Same problem as this morning"));
        assertThat(world.store().events(id)).extracting(e -> e.kind()).contains("created", "merged", "merged_in");

        // a reply in the old thread (its ID in the subject, its Message-IDs in References) lands on the survivor
        world.reply(ALICE, "Alice Example", secondAck, "Any news?");
        world.settle();
        assertThat(world.store().messages(id)).extracting(m -> m.replyText()).contains("Any news?");
        assertThat(world.store().messages(second)).isEmpty();
        assertThat(world.inbox(ALICE)).hasSize(3); // no second notice, no new ticket
    }

    @Test
    void mergeIntoAnUnknownTicketIsRefusedToTheAgentOnly() throws Exception {
        world.reply(AGENT1, "Agent One", notification, "#merge TKT-ZZZZZ-ZZZZ");
        assertThat(text(lastTo(AGENT1, 2))).contains("refused").contains("there is no ticket TKT-ZZZZZ-ZZZZ");
        world.settle();
        assertThat(world.inbox(ALICE)).hasSize(1);
        assertThat(ticket(id).status()).isEqualTo(Status.OPEN);
    }

    @Test
    void snoozeForADelayWakesTheTicketAndTellsTheAgents() throws Exception {
        world.reply(AGENT1, "Agent One", notification, "#snooze 3d");
        assertThat(text(lastTo(AGENT1, 2))).contains("snoozed until");
        assertThat(ticket(id).status()).isEqualTo(Status.ON_HOLD);

        world.clock.advance(Duration.ofDays(2));
        world.daemon().fireTimers();
        assertThat(ticket(id).status()).isEqualTo(Status.ON_HOLD);
        world.clock.advance(Duration.ofDays(1).plusMinutes(1));
        world.daemon().fireTimers();
        assertThat(ticket(id).status()).isEqualTo(Status.OPEN);
        assertThat(text(lastTo(AGENT1, 3))).contains("Snooze ended");
        world.settle();
        assertThat(world.inbox(ALICE)).hasSize(1); // the customer hears nothing of it
    }

    @Test
    void theCustomerWritingEndsASnoozeFirst() throws Exception {
        world.reply(AGENT1, "Agent One", notification, "#snooze 2026-12-24");
        assertThat(text(lastTo(AGENT1, 2))).contains("snoozed until 2026-12-24 09:00");
        assertThat(ticket(id).status()).isEqualTo(Status.ON_HOLD);
        world.reply(ALICE, "Alice Example", world.inbox(ALICE).get(0), "It works again, by the way.");
        assertThat(text(lastTo(AGENT1, 3))).contains("It works again");
        assertThat(ticket(id).status()).isEqualTo(Status.OPEN);

        world.reply(AGENT1, "Agent One", notification, "#snooze until-reply");
        assertThat(text(lastTo(AGENT1, 4))).contains("snoozed until the customer writes");
        assertThat(ticket(id).status()).isEqualTo(Status.ON_HOLD);
        world.clock.advance(Duration.ofDays(300));
        world.daemon().fireTimers();
        assertThat(ticket(id).status()).isEqualTo(Status.ON_HOLD); // no wake-up timer: only the customer ends it
        world.settle();
        assertThat(world.inbox(AGENT1)).extracting(MailWorld::text).noneMatch(t -> t.contains("Snooze ended"));
    }

    @Test
    void sendAtHoldsTheAnswerUntilItsTime() throws Exception {
        world.reply(AGENT1, "Agent One", notification, "#sendat 2h\nThe fix is rolled out, please try again.");
        assertThat(text(lastTo(AGENT1, 2))).contains("held and sent");
        world.settle();
        assertThat(world.inbox(ALICE)).hasSize(1);

        world.clock.advance(Duration.ofHours(2).plusMinutes(1));
        world.daemon().fireTimers();
        assertThat(text(lastTo(ALICE, 2))).contains("The fix is rolled out").doesNotContain("#sendat");
        assertThat(ticket(id).status()).isEqualTo(Status.AWAITING_CUSTOMER);
    }

    @Test
    void sendAtIsCancelledWhenTheCustomerWritesFirstAndTheAgentIsTold() throws Exception {
        world.reply(AGENT1, "Agent One", notification, "#sendat tomorrow 08:00\nThe fix is rolled out.");
        world.reply(ALICE, "Alice Example", world.inbox(ALICE).get(0), "Never mind, it works now.");
        assertThat(world.inbox(AGENT1).size() >= 3 ? world.inbox(AGENT1) : world.awaitInbox(AGENT1, 4))
                .extracting(MailWorld::text).anyMatch(t -> t.contains("was NOT sent: the customer wrote first"));

        world.clock.advance(Duration.ofDays(2));
        world.daemon().fireTimers();
        world.settle();
        assertThat(world.inbox(ALICE)).extracting(MailWorld::text).noneMatch(t -> t.contains("The fix is rolled out"));
    }

    @Test
    void cannedReplyGoesAboveTheAgentsTextAndTheListComesByMail() throws Exception {
        world.reply(AGENT1, "Agent One", notification, "#reply restart\nIf it persists, send us the log.");
        String relayed = text(lastTo(ALICE, 2));
        assertThat(relayed).contains("Hello Alice,").contains("please restart the app once and tell us whether " + id.value())
                .contains("If it persists, send us the log.").doesNotContain("#reply");
        assertThat(relayed.indexOf("please restart")).isLessThan(relayed.indexOf("If it persists"));

        world.reply(AGENT1, "Agent One", notification, "#reply no-such-reply\nHello.");
        assertThat(text(lastTo(AGENT1, 3))).contains("no canned reply 'no-such-reply'");

        world.send(AGENT1, "Agent One", SUPPORT, "replies", "");
        MimeMessage list = lastTo(AGENT1, 4);
        assertThat(text(list)).contains("restart: Hello {{customer_first_name}},");
        world.settle();
        assertThat(world.store().list(null, "replies", 10, 0)).isEmpty(); // no ticket made of it
    }
    // ------------------------------------------------------------------ collision guard

    @Test
    void aSecondAnswerToTheSameNotificationIsHeldThenSentWithSend() throws Exception {
        MimeMessage agent2Notification = world.awaitInbox(AGENT2, 1).get(0);
        world.reply(AGENT1, "Agent One", notification, "Please update the VPN client to 5.2.");
        assertThat(text(lastTo(ALICE, 2))).contains("update the VPN client");

        world.reply(AGENT2, "Agent Two", agent2Notification, "Try rebooting the router.");
        MimeMessage held = lastTo(AGENT2, 2);
        assertThat(held.getSubject()).startsWith("HELD:");
        assertThat(text(held)).contains("was HELD, not sent").contains("Please update the VPN client to 5.2.").contains("#send");
        world.settle();
        assertThat(world.inbox(ALICE)).hasSize(2); // the customer got one answer, not two
        assertThat(world.store().heldAnswers()).isEqualTo(1);
        assertThat(world.events(id, "answer_held")).hasSize(1);
        assertThat(world.events(id, "empty_reply")).isEmpty(); // held is not empty

        world.reply(AGENT2, "Agent Two", held, "#send");
        assertThat(text(lastTo(ALICE, 3))).contains("Try rebooting the router.");
        assertThat(text(lastTo(AGENT2, 3))).contains("your held answer was sent as it was");
        assertThat(world.store().heldAnswers()).isZero();
    }

    @Test
    void anAnswerWrittenBeforeTheCustomersNewMailIsHeldAndCanBeDiscardedOrReplaced() throws Exception {
        world.reply(ALICE, "Alice Example", world.inbox(ALICE).get(0), "Update: it only drops on Wi-Fi.");
        lastTo(AGENT1, 2);
        world.reply(AGENT1, "Agent One", notification, "Please send us the log.");
        MimeMessage held = lastTo(AGENT1, 3);
        assertThat(text(held)).contains("only drops on Wi-Fi");
        world.reply(AGENT1, "Agent One", held, "#discard");
        assertThat(text(lastTo(AGENT1, 4))).contains("your held answer was dropped");
        world.settle();
        assertThat(world.inbox(ALICE)).hasSize(1);

        // answering the held mail with new text: that answer is up to date, it goes out
        world.reply(AGENT1, "Agent One", notification, "Please send us the log.");
        MimeMessage heldAgain = lastTo(AGENT1, 5);
        world.reply(AGENT1, "Agent One", heldAgain, "Thanks, on Wi-Fi: please switch the band to 5 GHz.");
        assertThat(text(lastTo(ALICE, 2))).contains("switch the band to 5 GHz").doesNotContain("send us the log");
        assertThat(world.store().heldAnswers()).isZero();
    }

    @Test
    void theGuardCanBeTurnedOff() throws Exception {
        world.close();
        world = new MailWorld(dir.resolve("off")).with("POSTDESK_COLLISION_GUARD", "off");
        world.start();
        world.send(ALICE, "Alice Example", SUPPORT, "VPN broken", "It drops every minute.");
        world.awaitInbox(ALICE, 1);
        MimeMessage n1 = world.awaitInbox(AGENT1, 1).get(0);
        MimeMessage n2 = world.awaitInbox(AGENT2, 1).get(0);
        world.reply(AGENT1, "Agent One", n1, "Answer one.");
        lastTo(ALICE, 2);
        world.reply(AGENT2, "Agent Two", n2, "Answer two.");
        assertThat(text(lastTo(ALICE, 3))).contains("Answer two.");
    }
    // ------------------------------------------------------------------ the queue by mail

    @Test
    void theQueueByMailListsMineAndUnassignedAndEachLineIsAnswerable() throws Exception {
        world.clock.advance(Duration.ofMinutes(5));
        world.send(MailWorld.BOB, "Bob Example", SUPPORT, "Printer jam", "Paper stuck in tray 2.");
        world.awaitInbox(MailWorld.BOB, 1);
        world.awaitInbox(AGENT1, 2);

        world.send(AGENT1, "Agent One", SUPPORT, "queue", "");
        MimeMessage queue = world.awaitInbox(AGENT1, 3).stream().filter(m -> {
            try {
                return m.getSubject().startsWith("Re: queue");
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow();
        String body = text(queue);
        assertThat(body).contains(id.value()).contains("VPN broken").contains("Printer jam").contains("\"It drops every minute.\"")
                .contains("SLA due");
        assertThat(body.indexOf("Printer jam")).isLessThan(body.indexOf("VPN broken")); // newest first

        // write "#assign me" to the line's address: it works like answering the ticket's notification
        String address = body.lines().dropWhile(l -> !l.contains("VPN broken")).filter(l -> l.strip().startsWith("mailto:"))
                .findFirst().orElseThrow().strip().substring("mailto:".length());
        world.send(AGENT1, "Agent One", address, "Re: VPN broken", "#assign me");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> AGENT1.equals(ticket(id).assignee()));
        assertThat(ticket(id).status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(world.store().list(null, "queue", 10, 0)).isEmpty();
    }
    // ------------------------------------------------------------------ side threads

    @Test
    void forwardToAThirdPartyWhoseRepliesAreInternalNotes() throws Exception {
        String vendor = MailWorld.MALLORY;
        world.reply(AGENT1, "Agent One", notification, "#forward " + vendor + " +last\nCould you check their account? It is on your side.");
        MimeMessage forwarded = world.awaitInbox(vendor, 1).get(0);
        assertThat(forwarded.getSubject()).contains(id.value());
        assertThat(forwarded.getFrom()[0].toString()).contains("Agent One via");
        assertThat(text(forwarded)).contains("Could you check their account?").contains("It drops every minute.").doesNotContain("#forward");
        assertThat(text(lastTo(AGENT1, 2))).contains("sent to " + vendor + " in a side thread");

        world.reply(vendor, "Vendor Support", forwarded, "#close\nTheir account was locked; unlocked now.");
        MimeMessage relayed = lastTo(AGENT1, 3);
        assertThat(text(relayed)).contains("side thread").contains("unlocked now");
        world.settle();
        assertThat(world.inbox(ALICE)).hasSize(1); // the customer sees none of it
        assertThat(ticket(id).status()).isEqualTo(Status.OPEN); // the third party's #close is no command
        assertThat(world.store().messages(id)).filteredOn(m -> m.replyText().contains("unlocked now")).singleElement()
                .satisfies(m -> assertThat(m.internal()).isTrue());
        assertThat(world.events(id, "side_reply")).hasSize(1);
        assertThat(world.store().count(null, null)).isEqualTo(1); // no ticket of their own
    }
    @Test
    void splitMakesANewTicketOfTheSecondQuestionLinkedBothWays() throws Exception {
        world.reply(AGENT1, "Agent One", notification, "#split\nAlso, can you raise my mailbox quota to 50 GB?");
        MimeMessage ack = lastTo(ALICE, 2);
        TicketId split = TicketId.findIn(ack.getSubject()).orElseThrow();
        assertThat(split).isNotEqualTo(id);
        assertThat(text(ack)).contains(split.value()).contains("asked about more than one thing").contains(id.value())
                .doesNotContain("already closed");
        Ticket t = ticket(split);
        assertThat(t.requester().address()).isEqualTo(ALICE);
        assertThat(t.linkedTo()).isEqualTo(id);
        assertThat(t.subject()).isEqualTo("Also, can you raise my mailbox quota to 50 GB?");
        assertThat(world.store().linked(id)).contains(split);
        assertThat(text(lastTo(AGENT1, 2))).contains("split into " + split.value());
        assertThat(ticket(id).status()).isEqualTo(Status.OPEN); // nothing was sent on the first ticket

        // the customer's reply to the new acknowledgement lands on the new ticket
        world.reply(ALICE, "Alice Example", ack, "50 GB would be enough.");
        world.settle();
        assertThat(world.store().messages(split)).extracting(m -> m.replyText()).contains("50 GB would be enough.");
    }
    // ------------------------------------------------------------------ mail that reads well

    @Test
    void theAcknowledgementGreetsByFirstNameSaysWhenTheFirstAnswerIsDueAndSignsOffProperly() throws Exception {
        MimeMessage ack = world.inbox(ALICE).get(0);
        String text = text(ack);
        // Monday 09:00, NORMAL priority: two business days (09:00-17:00) make Tuesday 17:00
        assertThat(text).contains("Hello Alice,").contains("by tomorrow 17:00 at the latest").contains("\n-- \n");
        assertThat(ack.getContentType()).contains("multipart/alternative");
        jakarta.mail.Multipart parts = (jakarta.mail.Multipart) ack.getContent();
        assertThat(parts.getBodyPart(0).getContentType()).contains("format=flowed");
    }

    @Test
    void notificationsCarryTheStoryAndTheTicketLink() throws Exception {
        world.reply(ALICE, "Alice Example", world.inbox(ALICE).get(0), "Thanks, but it still drops.");
        String text = text(lastTo(AGENT1, 2));
        assertThat(text).contains("Thanks, but it still drops.").contains("earlier: Alice Example <alice@customer.test>")
                .contains("It drops every minute.").contains("/tickets/" + id.value());
    }

    @Test
    void aNoteWithAnAssignmentIsOneMailThatSaysSoAndCarriesTheProblem() throws Exception {
        world.reply(AGENT1, "Agent One", notification, "#assign " + AGENT2 + "\n#note\nVIP customer, please call them.");
        MimeMessage handOver = lastTo(AGENT2, 2);
        assertThat(handOver.getSubject()).startsWith("[assigned to you]");
        assertThat(text(handOver)).contains("with an internal note").contains("please call them").contains("It drops every minute.");
        world.settle();
        assertThat(world.inbox(AGENT2)).hasSize(2); // the first notification and this one: no separate note mail

        world.reply(AGENT2, "Agent Two", handOver, "#note\nCalled, no answer.");
        world.settle();
        assertThat(world.inbox(AGENT1)).extracting(m -> m.getSubject()).noneMatch(sub -> sub.startsWith("[note]")); // assigned: only the assignee hears
        assertThat(world.store().events(id)).extracting(e -> e.kind()).contains("note");
    }
    @Test
    void forwardWithLastCarriesTheCustomersFiles() throws Exception {
        world.sendRaw(ALICE, String.join("\r\n", "From: Alice Example <" + ALICE + ">", "To: " + SUPPORT, "Subject: Scanner log",
                "Message-ID: <scan-1@customer.test>", "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"b\"", "",
                "--b", "Content-Type: text/plain; charset=utf-8", "", "The scanner log is attached.", "--b",
                "Content-Type: text/plain; name=\"scan log.txt\"", "Content-Disposition: attachment; filename=\"scan log.txt\"", "",
                "ERROR 42 at 10:03", "--b--", ""));
        MimeMessage scanNotification = world.awaitInbox(AGENT1, 2).stream().filter(m -> text(m).contains("scanner log is attached"))
                .findFirst().orElseThrow();
        world.reply(AGENT1, "Agent One", scanNotification, "#forward " + MailWorld.MALLORY + " +last\nWhat does error 42 mean?");
        MimeMessage forwarded = world.awaitInbox(MailWorld.MALLORY, 1).get(0);
        assertThat(text(forwarded)).contains("What does error 42 mean?").contains("The scanner log is attached.");
        TicketId scan = TicketId.findIn(forwarded.getSubject()).orElseThrow();
        assertThat(world.store().messages(scan).get(0).attachments()).extracting(a -> a.filename() + " " + a.sha256()).hasSize(1);
        assertThat(forwarded.getContentType()).startsWith("multipart/mixed");
        jakarta.mail.Multipart mixed = (jakarta.mail.Multipart) forwarded.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo("scan log.txt");
        assertThat(new String(mixed.getBodyPart(1).getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).contains("ERROR 42");
    }
}
