package postdesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import postdesk.mail.Address;

class CommandPlanTest {
    static final List<String> AGENTS = List.of("ann@helpdesk.test", "bob@helpdesk.test");
    static final Categories CATEGORIES = Categories.parse("Billing,Network", "incident,request", "", "");

    static Ticket ticket(Status status) {
        return new Ticket(new TicketId("TKT-ABCDE-2345"), "Printer", Address.of("alice@customer.test"), status, Priority.NORMAL,
                null, null, null, "free", false, null, Instant.EPOCH, Instant.EPOCH, null, null);
    }

    static CommandPlan agent(Status status, String text) {
        return CommandPlan.forAgent(ticket(status), Commands.parse(text).commands(), "ann@helpdesk.test", AGENTS, CATEGORIES);
    }

    @Test
    void commandLinesAtTheTopAreTakenOffTheText() {
        Commands.Parsed p = Commands.parse("\n#status resolved\n#PRIORITY  high \n\nGlad it works now.\n#not a command here");
        assertThat(p.commands()).extracting(Commands.Command::name).containsExactly("status", "priority");
        assertThat(p.commands().get(1).argument()).isEqualTo("high");
        assertThat(p.text()).isEqualTo("Glad it works now.\n#not a command here");
        assertThat(Commands.parse("Hello\n#status closed").commands()).isEmpty(); // only at the top
    }

    @Test
    void assignThenResolveSeeEachOthersStatus() {
        CommandPlan plan = agent(Status.OPEN, "#assign me\n#resolve");
        assertThat(plan.changes()).containsExactly(new CommandPlan.Assign("ann@helpdesk.test"),
                new CommandPlan.SetStatus(Status.IN_PROGRESS, "#assign me", false), new CommandPlan.SetStatus(Status.RESOLVED, "#resolve", true));
        assertThat(plan.explicitStatus()).contains(Status.RESOLVED);
        assertThat(agent(Status.OPEN, "#assign me").explicitStatus()).isEmpty();
        assertThat(plan.status()).contains(Status.RESOLVED);
        assertThat(plan.refused()).isEmpty();
    }

    @Test
    void fieldsAndNote() {
        CommandPlan plan = agent(Status.IN_PROGRESS, "#priority urgent\n#category billing\n#type Request\n#assign bob@helpdesk.test\n#note");
        assertThat(plan.changes()).containsExactly(new CommandPlan.SetPriority(Priority.URGENT), new CommandPlan.SetCategory("Billing"),
                new CommandPlan.SetType("request"), new CommandPlan.Assign("bob@helpdesk.test"));
        assertThat(plan.note()).isTrue();
        assertThat(plan.status()).isEmpty();
    }

    @Test
    void unknownAndRefusedCommandsAreExplained() {
        CommandPlan plan = agent(Status.RESOLVED,
                "#frobnicate\n#status sideways\n#priority extreme\n#assign eve@evil.test\n#type chat\n#resolve\n#category Sales");
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.refused()).hasSize(7);
        assertThat(plan.refused().get(6)).contains("unknown category 'Sales' (Billing, Network)");
        assertThat(plan.refused().get(0)).contains("unknown command");
        assertThat(plan.refused().get(1)).contains("unknown status 'sideways'");
        assertThat(plan.refused().get(2)).contains("unknown priority");
        assertThat(plan.refused().get(3)).contains("not an agent");
        assertThat(plan.refused().get(4)).contains("unknown type");
        assertThat(plan.refused().get(5)).contains("already resolved");
    }

    @Test
    void customersMayOnlyClose() {
        CommandPlan close = CommandPlan.forCustomer(ticket(Status.AWAITING_CUSTOMER), Commands.parse("#close\nThanks!").commands());
        assertThat(close.status()).contains(Status.CLOSED);
        CommandPlan other = CommandPlan.forCustomer(ticket(Status.OPEN), Commands.parse("#priority critical\n#assign me").commands());
        assertThat(other.isEmpty()).isTrue();
    }
    // ------------------------------------------------------------------ merge, snooze, sendat, canned replies

    static final Instant NOW = Instant.parse("2026-03-04T14:00:00Z");
    static final CommandPlan.Context CONTEXT = new CommandPlan.Context(NOW, java.time.ZoneOffset.UTC,
            id -> id.value().equals("TKT-QQQQQ-2345") ? java.util.Optional.of("there is no ticket TKT-QQQQQ-2345") : java.util.Optional.empty(),
            name -> name.equals("thanks") ? java.util.Optional.of("Thank you!") : java.util.Optional.empty());

    static CommandPlan withContext(Status status, String text) {
        return CommandPlan.forAgent(ticket(status), Commands.parse(text).commands(), "ann@helpdesk.test", AGENTS, CATEGORIES, CONTEXT);
    }

    @Test
    void mergeNamesAnotherExistingTicket() {
        assertThat(withContext(Status.OPEN, "#merge TKT-BCDEF-2345").changes()).containsExactly(new CommandPlan.Merge(new TicketId("TKT-BCDEF-2345")));
        assertThat(withContext(Status.OPEN, "#merge TKT-ABCDE-2345").refused()).singleElement().asString().contains("into itself");
        assertThat(withContext(Status.OPEN, "#merge TKT-QQQQQ-2345").refused()).singleElement().asString().contains("there is no ticket");
        assertThat(withContext(Status.OPEN, "#merge the other one").refused()).singleElement().asString().contains("#merge TKT-");
    }

    @Test
    void snoozePutsOnHoldWithAWakeUpOrUntilTheCustomerWrites() {
        CommandPlan plan = withContext(Status.OPEN, "#snooze 3d");
        assertThat(plan.changes()).containsExactly(new CommandPlan.SetStatus(Status.ON_HOLD, "#snooze 3d", true),
                new CommandPlan.Snooze(Instant.parse("2026-03-07T14:00:00Z")));
        assertThat(plan.applied()).singleElement().asString().contains("until 2026-03-07 14:00 (Z) or the customer writes");
        assertThat(withContext(Status.OPEN, "#snooze until-reply").changes()).contains(new CommandPlan.Snooze(null));
        assertThat(withContext(Status.OPEN, "#snooze yesterday").refused()).hasSize(1);
        assertThat(withContext(Status.CLOSED, "#snooze 3d").refused()).singleElement().asString().contains("closed");
    }

    @Test
    void sendAtAndCannedReplies() {
        assertThat(withContext(Status.OPEN, "#sendat 2h").changes()).containsExactly(new CommandPlan.SendAt(Instant.parse("2026-03-04T16:00:00Z")));
        assertThat(withContext(Status.OPEN, "#sendat 2020-01-01 10:00").refused()).hasSize(1);
        assertThat(withContext(Status.OPEN, "#reply thanks").changes()).containsExactly(new CommandPlan.CannedReply("thanks", "Thank you!"));
        assertThat(withContext(Status.OPEN, "#reply nope").refused()).singleElement().asString().contains("no canned reply 'nope'");
    }
}
