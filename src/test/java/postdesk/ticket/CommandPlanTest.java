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
                null, null, null, Ticket.FREE_PLAN, false, null, Instant.EPOCH, Instant.EPOCH, null);
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
}
