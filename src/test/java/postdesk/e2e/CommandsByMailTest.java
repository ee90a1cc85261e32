package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.AGENT1;
import static postdesk.testing.MailWorld.AGENT2;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.text;

import java.time.Duration;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import postdesk.store.TicketStore;
import postdesk.ticket.Priority;
import postdesk.ticket.Status;
import postdesk.ticket.Ticket;

/** Agents and customers drive the lifecycle by mail: command lines, notes, resolve/close notices, timers. */
class CommandsByMailTest extends OpenTicketCase {
    @Test
    void commandLinesAreAppliedConfirmedToTheAgentAndNeverReachTheCustomer() throws Exception {
        world.reply(AGENT1, "Agent One", notification, "#assign me\n#priority high\n#category Network\n#type incident\n#frobnicate\n\nWe are on it.");

        MimeMessage relayed = lastTo(ALICE, 2);
        assertThat(text(relayed)).contains("We are on it.").doesNotContain("#assign").doesNotContain("#priority")
                .doesNotContain("Network").doesNotContain("frobnicate");
        MimeMessage confirmation = lastTo(AGENT1, 2);
        assertThat(text(confirmation)).contains("done:    assigned to agent1@helpdesk.test").contains("priority -> high")
                .contains("refused: #frobnicate: unknown command");
        await().atMost(Duration.ofSeconds(10)).until(() -> ticket().status() == Status.AWAITING_CUSTOMER);
        Ticket t = ticket();
        assertThat(t.assignee()).isEqualTo(AGENT1);
        assertThat(t.priority()).isEqualTo(Priority.HIGH);
        assertThat(t.category()).isEqualTo("Network");
        assertThat(t.type()).isEqualTo("incident");
        assertThat(new TicketStore(world.daemon().db().dsl()).events(id)).extracting(e -> e.kind())
                .contains("assigned", "priority", "category", "type", "agent_reply", "command_refused");

        // once assigned, the customer's answer goes to the assignee only
        world.reply(ALICE, "Alice Example", relayed, "Still dropping.");
        assertThat(text(lastTo(AGENT1, 3))).contains("Still dropping.");
        Thread.sleep(500);
        assertThat(world.inbox(AGENT2)).hasSize(1); // only the first notification
    }

    @Test
    void aNoteStaysInternal() throws Exception {
        world.reply(AGENT1, "Agent One", notification, "#note\nCustomer is on the old client, upgrade pending.");
        MimeMessage toAgent2 = lastTo(AGENT2, 2);
        assertThat(text(toAgent2)).contains("Internal note").contains("upgrade pending");
        assertThat(text(lastTo(AGENT1, 2))).contains("kept as an internal note");
        Thread.sleep(500);
        assertThat(world.inbox(ALICE)).hasSize(1);
        var messages = new TicketStore(world.daemon().db().dsl()).messages(id);
        assertThat(messages.get(1).internal()).isTrue();
        assertThat(ticket().status()).isEqualTo(Status.OPEN);
    }

    @Test
    void resolveReopenResolveAgainThenTheTimerCloses() throws Exception {
        world.reply(AGENT1, "Agent One", notification, "#resolve");
        MimeMessage resolved = lastTo(ALICE, 2);
        assertThat(text(resolved)).contains("is resolved").contains("closes by itself in 7 days");
        assertThat(ticket().status()).isEqualTo(Status.RESOLVED);

        world.reply(ALICE, "Alice Example", resolved, "No, it still drops.");
        assertThat(text(lastTo(ALICE, 3))).contains("is open again");
        await().atMost(Duration.ofSeconds(10)).until(() -> ticket().status() == Status.OPEN);

        // answered from the notification of the customer's reply (the first one is out of date: the guard would hold it)
        MimeMessage latest = world.awaitInbox(AGENT1, 3).stream().filter(m -> text(m).contains("No, it still drops")).findFirst().orElseThrow();
        world.reply(AGENT1, "Agent One", latest, "#status resolved\nFixed the MTU, should be fine now.");
        assertThat(text(lastTo(ALICE, 5))).containsAnyOf("is resolved", "Fixed the MTU");
        await().atMost(Duration.ofSeconds(10)).until(() -> ticket().status() == Status.RESOLVED);

        world.clock.advance(Duration.ofDays(6));
        world.daemon().fireTimers();
        assertThat(ticket().status()).isEqualTo(Status.RESOLVED);
        world.clock.advance(Duration.ofDays(2));
        world.daemon().fireTimers();
        assertThat(ticket().status()).isEqualTo(Status.CLOSED);
        // the close after resolution is told only to ask for a rating (with rating = off it stays quiet)
        assertThat(text(lastTo(ALICE, 6))).contains("is now closed").contains("/rate/");
        world.settle();
        assertThat(world.inbox(ALICE)).hasSize(6);
    }

    @Test
    void theCustomerMayCloseTheirOwnTicket() throws Exception {
        MimeMessage ack = world.inbox(ALICE).get(0);
        world.reply(ALICE, "Alice Example", ack, "#close\nSorted it myself, thanks.");
        assertThat(text(lastTo(ALICE, 2))).contains("is now closed").contains("/rate/"); // the customer is asked for a rating too
        assertThat(text(lastTo(AGENT1, 2))).contains("Closed by the customer");
        await().atMost(Duration.ofSeconds(10)).until(() -> ticket().status() == Status.CLOSED);
    }

    @Test
    void aCustomerCannotUseAgentCommands() throws Exception {
        MimeMessage ack = world.inbox(ALICE).get(0);
        world.reply(ALICE, "Alice Example", ack, "#priority critical\n#assign me\nPlease hurry.");
        assertThat(text(lastTo(AGENT1, 2))).contains("#priority critical"); // shown to agents as plain text
        Thread.sleep(300);
        assertThat(ticket().priority()).isEqualTo(Priority.NORMAL);
        assertThat(ticket().assignee()).isNull();
    }
}
