package postdesk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static postdesk.store.schema.Tables.OUTBOX;
import static postdesk.store.schema.Tables.PARTICIPANT;
import static postdesk.store.schema.Tables.TICKET;

import org.junit.jupiter.api.Test;

import postdesk.mail.Address;

class ColumnsTest {
    private static final String EMOJI = "\uD83D\uDE00"; // one code point, two UTF-16 units

    @Test
    void aValueIsCutToItsColumnsLengthFromTheSchema() {
        assertThat(Columns.fit(TICKET.SUBJECT, "s".repeat(2000))).isEqualTo("s".repeat(200));
        assertThat(Columns.fit(TICKET.SUBJECT, "s".repeat(200))).isEqualTo("s".repeat(200));
        assertThat(Columns.fit(TICKET.SUBJECT, "short")).isEqualTo("short");
        assertThat(Columns.fit(TICKET.SUBJECT, "")).isEmpty();
        assertThat(Columns.fit(TICKET.SUBJECT, null)).isNull();
    }

    @Test
    void aSurrogatePairIsNeverSplit() {
        // "X" then pairs: the 200th unit is the first half of a pair, so the pair goes whole
        String name = "X" + EMOJI.repeat(150);
        String cut = Columns.fit(TICKET.REQUESTER_NAME, name);
        assertThat(cut).hasSize(199).isEqualTo("X" + EMOJI.repeat(99));
        assertThat(Columns.fit(TICKET.REQUESTER_NAME, EMOJI.repeat(150))).isEqualTo(EMOJI.repeat(100));
    }

    @Test
    void anUnboundedColumnTakesAnyLength() {
        String recipients = "colleague@customer.test,".repeat(1000);
        assertThat(Columns.fit(OUTBOX.RECIPIENTS, recipients)).isSameAs(recipients);
    }

    /** A cut address must not turn junk into a real mailbox, somebody else's. */
    @Test
    void anAddressCutToFitIsNeverDeliverable() {
        String longLocal = "c".repeat(316) + "@customer.test";
        String longDomain = "alice@" + "sub.".repeat(80) + "customer.test";
        String twoAts = "alice@customer.test@" + "x".repeat(320) + ".test";
        for (String a : new String[] {longLocal, longDomain, twoAts}) {
            String cut = Columns.fit(PARTICIPANT.ADDRESS, a);
            assertThat(cut).hasSize(320);
            assertThat(Address.of(cut).isDeliverable()).as(cut).isFalse();
        }
        assertThat(Address.of("a".repeat(64) + "@" + "d".repeat(60) + ".test").isDeliverable()).isTrue();
    }
}
