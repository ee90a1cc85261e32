package postdesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** One test per transition of the lifecycle, the refused ones included. */
class StateMachineTest {

    @ParameterizedTest(name = "customer reply: {0} -> {1}")
    @CsvSource({"OPEN, OPEN", "IN_PROGRESS, IN_PROGRESS", "AWAITING_CUSTOMER, OPEN", "ON_HOLD, OPEN", "RESOLVED, OPEN"})
    void customerReply(Status from, Status to) {
        assertThat(StateMachine.customerReplied(from)).isEqualTo(Transition.to(to));
    }

    @org.junit.jupiter.api.Test
    void aClosedTicketRefusesCustomerReplies() {
        Transition t = StateMachine.customerReplied(Status.CLOSED);
        assertThat(t.isRefused()).isTrue();
        assertThat(t.refusal()).contains("new, linked ticket");
    }

    @ParameterizedTest(name = "agent reply from {0} waits for the customer")
    @EnumSource(value = Status.class, names = "CLOSED", mode = EnumSource.Mode.EXCLUDE)
    void agentReplyAwaitsTheCustomer(Status from) {
        assertThat(StateMachine.agentReplied(from)).isEqualTo(Transition.to(Status.AWAITING_CUSTOMER));
    }

    @Test
    void agentReplyLeavesAClosedTicketClosed() {
        assertThat(StateMachine.agentReplied(Status.CLOSED)).isEqualTo(Transition.to(Status.CLOSED));
    }

    @ParameterizedTest(name = "assign: {0} -> {1}")
    @CsvSource({"OPEN, IN_PROGRESS", "IN_PROGRESS, IN_PROGRESS", "AWAITING_CUSTOMER, AWAITING_CUSTOMER", "ON_HOLD, ON_HOLD",
            "RESOLVED, RESOLVED", "CLOSED, CLOSED"})
    void assignmentStartsWorkOnlyOnAnOpenTicket(Status from, Status to) {
        assertThat(StateMachine.assigned(from)).isEqualTo(Transition.to(to));
    }

    @ParameterizedTest(name = "agent sets {1} on {0}")
    @CsvSource({"OPEN, IN_PROGRESS", "OPEN, ON_HOLD", "OPEN, RESOLVED", "OPEN, CLOSED", "IN_PROGRESS, AWAITING_CUSTOMER",
            "ON_HOLD, OPEN", "RESOLVED, OPEN", "CLOSED, OPEN", "AWAITING_CUSTOMER, RESOLVED"})
    void agentMaySetAnyOtherStatus(Status from, Status to) {
        assertThat(StateMachine.agentSets(from, to)).isEqualTo(Transition.to(to));
    }

    @ParameterizedTest(name = "agent sets {0} on {0}: refused")
    @EnumSource(Status.class)
    void settingTheCurrentStatusIsRefused(Status s) {
        assertThat(StateMachine.agentSets(s, s).refusal()).contains("already");
    }

    @ParameterizedTest(name = "customer closes {0}")
    @EnumSource(value = Status.class, names = "CLOSED", mode = EnumSource.Mode.EXCLUDE)
    void customerMayCloseTheirTicket(Status from) {
        assertThat(StateMachine.customerCloses(from)).isEqualTo(Transition.to(Status.CLOSED));
    }

    @org.junit.jupiter.api.Test
    void closingAClosedTicketIsRefused() {
        assertThat(StateMachine.customerCloses(Status.CLOSED).refusal()).contains("already closed");
    }

    @ParameterizedTest(name = "auto-close timer on {0}")
    @EnumSource(Status.class)
    void autoCloseOnlyClosesATicketStillWaitingForTheCustomer(Status from) {
        Transition t = StateMachine.awaitingTimedOut(from);
        if (from == Status.AWAITING_CUSTOMER) {
            assertThat(t).isEqualTo(Transition.to(Status.CLOSED));
        } else {
            assertThat(t.isRefused()).isTrue();
        }
    }

    @ParameterizedTest(name = "resolved timer on {0}")
    @EnumSource(Status.class)
    void theResolvedTimerOnlyClosesAResolvedTicket(Status from) {
        Transition t = StateMachine.resolvedTimedOut(from);
        if (from == Status.RESOLVED) {
            assertThat(t).isEqualTo(Transition.to(Status.CLOSED));
        } else {
            assertThat(t.isRefused()).isTrue();
        }
    }

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource({"open, OPEN", "in-progress, IN_PROGRESS", "In Progress, IN_PROGRESS", "awaiting_customer, AWAITING_CUSTOMER",
            "pending, AWAITING_CUSTOMER", "hold, ON_HOLD", "on-hold, ON_HOLD", "RESOLVED, RESOLVED", "closed, CLOSED"})
    void statusesAsPeopleTypeThem(String text, Status status) {
        assertThat(StateMachine.parseStatus(text)).contains(status);
    }

    @org.junit.jupiter.api.Test
    void unknownStatusIsEmpty() {
        assertThat(StateMachine.parseStatus("done-ish")).isEmpty();
    }
}
