package postdesk.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import postdesk.ticket.Priority;

class SlaTargetsTest {
    final BusinessHours nineToFive = BusinessHours.parse("UTC", "Mon-Fri", "09:00-17:00", "");

    @Test
    void theDefaultTableFollowsTheSeeds() {
        SlaTargets t = SlaTargets.parse(SlaTargets.DEFAULT, nineToFive);
        assertThat(t.forTicket("free", Priority.CRITICAL)).isEqualTo(new SlaTargets.Target(Duration.ofHours(1), Duration.ofHours(4), true));
        assertThat(t.forTicket("free", Priority.HIGH)).isEqualTo(new SlaTargets.Target(Duration.ofHours(8), Duration.ofHours(24), false));
        assertThat(t.forTicket("gold", Priority.NORMAL).response()).isEqualTo(Duration.ofHours(16)); // 2 business days of 8 h
        assertThat(t.forTicket("free", Priority.LOW)).isEqualTo(new SlaTargets.Target(null, null, false));
    }

    @Test
    void aPlanRowWinsOverTheRowForEveryPlan() {
        SlaTargets t = SlaTargets.parse("HIGH=1bd/3bd; Gold:HIGH=2h/1bd; gold:critical=15m/2h 24/7", nineToFive);
        assertThat(t.forTicket("gold", Priority.HIGH).response()).isEqualTo(Duration.ofHours(2));
        assertThat(t.forTicket("GOLD", Priority.CRITICAL)).isEqualTo(new SlaTargets.Target(Duration.ofMinutes(15), Duration.ofHours(2), true));
        assertThat(t.forTicket("silver", Priority.HIGH).response()).isEqualTo(Duration.ofHours(8));
        assertThat(t.forTicket("silver", Priority.CRITICAL).response()).isNull(); // no row: best effort
    }

    @Test
    void aBusinessDayIsOneWorkingDaysHoursAndOneSideMayHaveNoTarget() {
        BusinessHours long_ = BusinessHours.parse("UTC", "Mon-Sat", "07:00-19:00", "");
        SlaTargets t = SlaTargets.parse("NORMAL=1bd/none, LOW=none/10bd, URGENT=2d/3d 24x7", long_);
        assertThat(t.forTicket("free", Priority.NORMAL)).isEqualTo(new SlaTargets.Target(Duration.ofHours(12), null, false));
        assertThat(t.forTicket("free", Priority.LOW).resolution()).isEqualTo(Duration.ofHours(120));
        assertThat(t.forTicket("free", Priority.URGENT).resolution()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void mistakesAreExplained() {
        assertThatThrownBy(() -> SlaTargets.parse("HIGH=1d/3d", nineToFive)).hasMessageContaining("use bd for business days");
        assertThatThrownBy(() -> SlaTargets.parse("HIGH=1bd/3bd 24x7", nineToFive)).hasMessageContaining("business days in a 24x7 row");
        assertThatThrownBy(() -> SlaTargets.parse("SEVERE=1h/4h", nineToFive)).hasMessageContaining("'SEVERE' is not a priority");
        assertThatThrownBy(() -> SlaTargets.parse("HIGH=1h", nineToFive)).hasMessageContaining("response/resolution");
        assertThatThrownBy(() -> SlaTargets.parse("HIGH=1h/4h, HIGH=2h/4h", nineToFive)).hasMessageContaining("repeats HIGH");
        assertThatThrownBy(() -> SlaTargets.parse("HIGH=0m/4h", nineToFive)).hasMessageContaining("longer than zero");
        assertThatThrownBy(() -> SlaTargets.parse("just words", nineToFive)).hasMessageContaining("is not like HIGH=1bd/3bd");
    }
}
