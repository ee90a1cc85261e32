package postdesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LifecycleTest {

    @Test
    void closedTicketTakesNoReplies() {
        assertThat(Lifecycle.acceptsReplies(Status.CLOSED)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = Status.class, names = "CLOSED", mode = EnumSource.Mode.EXCLUDE)
    void everyOtherStatusTakesReplies(Status status) {
        assertThat(Lifecycle.acceptsReplies(status)).isTrue();
    }

    @Test
    void customerReplyToOpenStaysOpen() {
        assertThat(Lifecycle.afterCustomerReply(Status.OPEN)).isEqualTo(Status.OPEN);
    }

    @Test
    void customerReplyToInProgressStaysInProgress() {
        assertThat(Lifecycle.afterCustomerReply(Status.IN_PROGRESS)).isEqualTo(Status.IN_PROGRESS);
    }

    @Test
    void customerReplyToAwaitingCustomerReopens() {
        assertThat(Lifecycle.afterCustomerReply(Status.AWAITING_CUSTOMER)).isEqualTo(Status.OPEN);
    }

    @Test
    void customerReplyToOnHoldReopens() {
        assertThat(Lifecycle.afterCustomerReply(Status.ON_HOLD)).isEqualTo(Status.OPEN);
    }

    @Test
    void customerReplyToResolvedReopens() {
        assertThat(Lifecycle.afterCustomerReply(Status.RESOLVED)).isEqualTo(Status.OPEN);
    }

    @Test
    void customerReplyToClosedIsRefused() {
        assertThatThrownBy(() -> Lifecycle.afterCustomerReply(Status.CLOSED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @ParameterizedTest
    @EnumSource(value = Status.class, names = "CLOSED", mode = EnumSource.Mode.EXCLUDE)
    void agentReplyWaitsForTheCustomer(Status status) {
        assertThat(Lifecycle.afterAgentReply(status)).isEqualTo(Status.AWAITING_CUSTOMER);
    }

    @Test
    void onlyAwaitingCustomerClosesOnTimeout() {
        assertThat(Lifecycle.closesOnTimeout(Status.AWAITING_CUSTOMER)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Status.class, names = "AWAITING_CUSTOMER", mode = EnumSource.Mode.EXCLUDE)
    void noOtherStatusClosesOnTimeout(Status status) {
        // ON_HOLD pauses timers, a customer reply (OPEN) stops the clock, CLOSED is closed already
        assertThat(Lifecycle.closesOnTimeout(status)).isFalse();
    }

    @Test
    void newTicketIsOpenWithNormalPriorityAndACleanSubject() {
        Ticket t = Ticket.open(new TicketId("TKT-ABCDE-FGHJ"), "Re: Printer broken", postdesk.mail.Address.of("A@X.test"),
                null, java.time.Instant.EPOCH);
        assertThat(t.status()).isEqualTo(Status.OPEN);
        assertThat(t.priority()).isEqualTo(Priority.NORMAL);
        assertThat(t.subject()).isEqualTo("Printer broken");
        assertThat(t.requester().address()).isEqualTo("a@x.test");
    }
}
