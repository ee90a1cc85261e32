package postdesk.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import postdesk.ticket.Status;

/** The clock as a value: pause, resume, stop, reopen, retarget and the warning moment, on a 09:00-17:00 UTC calendar. */
class SlaClockTest {
    final BusinessHours hours = BusinessHours.parse("UTC", "Mon-Fri", "09:00-17:00", "");
    final SlaTargets.Target normal = new SlaTargets.Target(Duration.ofHours(16), Duration.ofHours(40), false);
    final SlaTargets.Target critical = new SlaTargets.Target(Duration.ofHours(1), Duration.ofHours(4), true);
    final Instant monday9 = Instant.parse("2026-11-23T09:00:00Z");

    private static Instant t(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void aStartedClockIsDueAfterItsTargetInWorkingTime() {
        SlaClock c = SlaClock.start(SlaClock.Kind.RESPONSE, normal, monday9, hours);
        assertThat(c.running()).isTrue();
        assertThat(c.due()).isEqualTo(t("2026-11-24T17:00:00Z"));
        assertThat(c.remainingAt(t("2026-11-23T12:00:00Z"), hours)).isEqualTo(Duration.ofHours(13));
    }

    @Test
    void waitingForTheCustomerAndOnHoldDoNotCount() {
        SlaClock c = SlaClock.start(SlaClock.Kind.RESOLUTION, normal, monday9, hours);
        c = c.onStatus(Status.AWAITING_CUSTOMER, t("2026-11-23T11:00:00Z"), hours);
        assertThat(c.running()).isFalse();
        assertThat(c.due()).isNull();
        assertThat(c.elapsed()).isEqualTo(Duration.ofHours(2));
        c = c.onStatus(Status.OPEN, t("2026-11-25T09:00:00Z"), hours); // two days later
        // 38 working hours left: Wed, Thu, Fri, Mon (32 h), then Tuesday 09:00-15:00
        assertThat(c.due()).isEqualTo(t("2026-12-01T15:00:00Z"));
        c = c.onStatus(Status.ON_HOLD, t("2026-11-25T10:00:00Z"), hours);
        assertThat(c.elapsed()).isEqualTo(Duration.ofHours(3));
        c = c.onStatus(Status.IN_PROGRESS, t("2026-11-25T10:00:00Z"), hours);
        assertThat(c.elapsedAt(t("2026-11-25T16:00:00Z"), hours)).isEqualTo(Duration.ofHours(9));
    }

    @Test
    void theResponseClockStopsAtTheFirstReplyAndNeverRunsAgain() {
        SlaClock c = SlaClock.start(SlaClock.Kind.RESPONSE, normal, monday9, hours);
        c = c.responded(t("2026-11-23T10:30:00Z"), hours);
        assertThat(c.metAt()).isEqualTo(t("2026-11-23T10:30:00Z"));
        assertThat(c.metInTime()).isTrue();
        assertThat(c.elapsed()).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.onStatus(Status.AWAITING_CUSTOMER, t("2026-11-23T10:31:00Z"), hours)).isEqualTo(c);
        assertThat(c.onStatus(Status.OPEN, t("2026-11-24T10:00:00Z"), hours)).isEqualTo(c);
        assertThat(c.responded(t("2026-11-24T10:00:00Z"), hours)).isEqualTo(c);
        SlaClock resolution = SlaClock.start(SlaClock.Kind.RESOLUTION, normal, monday9, hours);
        assertThat(resolution.responded(t("2026-11-23T10:30:00Z"), hours)).isEqualTo(resolution);
    }

    @Test
    void resolvingStopsTheResolutionClockAndReopeningCarriesOn() {
        SlaClock c = SlaClock.start(SlaClock.Kind.RESOLUTION, normal, monday9, hours);
        c = c.onStatus(Status.RESOLVED, t("2026-11-23T13:00:00Z"), hours);
        assertThat(c.metAt()).isEqualTo(t("2026-11-23T13:00:00Z"));
        assertThat(c.running()).isFalse();
        c = c.onStatus(Status.OPEN, t("2026-11-24T09:00:00Z"), hours);
        assertThat(c.metAt()).isNull();
        assertThat(c.running()).isTrue();
        assertThat(c.remainingAt(t("2026-11-24T09:00:00Z"), hours)).isEqualTo(Duration.ofHours(36));
        // closing a ticket also answers it: a response clock never given a reply stops there
        SlaClock response = SlaClock.start(SlaClock.Kind.RESPONSE, normal, monday9, hours);
        assertThat(response.onStatus(Status.CLOSED, t("2026-11-23T09:05:00Z"), hours).metAt()).isEqualTo(t("2026-11-23T09:05:00Z"));
    }

    @Test
    void aBreachNotYetCaughtByTheTimerIsRecordedWhenTheClockStops() {
        SlaClock c = SlaClock.start(SlaClock.Kind.RESPONSE, critical, monday9, WorkingTime.ALWAYS);
        c = c.responded(t("2026-11-23T10:20:00Z"), WorkingTime.ALWAYS);
        assertThat(c.breachedAt()).isEqualTo(t("2026-11-23T10:00:00Z"));
        assertThat(c.metInTime()).isFalse();
    }

    @Test
    void aNewPriorityKeepsWhatWasCounted() {
        SlaClock c = SlaClock.start(SlaClock.Kind.RESOLUTION, normal, monday9, hours);
        Instant later = t("2026-11-23T11:00:00Z");
        SlaClock faster = c.retarget(critical, later, hours, WorkingTime.ALWAYS);
        assertThat(faster.allDay()).isTrue();
        assertThat(faster.elapsed()).isEqualTo(Duration.ofHours(2));
        assertThat(faster.due()).isEqualTo(t("2026-11-23T13:00:00Z"));
        // already past the new target: due at once
        SlaClock overdue = c.retarget(critical, t("2026-11-23T14:00:00Z"), hours, WorkingTime.ALWAYS);
        assertThat(overdue.due()).isEqualTo(t("2026-11-23T14:00:00Z"));
        // best effort: no due time, but the counted time is kept for a later raise
        SlaClock none = c.retarget(new SlaTargets.Target(null, null, false), later, hours, hours);
        assertThat(none.due()).isNull();
        assertThat(none.remainingAt(later, hours)).isNull();
        assertThat(none.retarget(normal, t("2026-11-23T12:00:00Z"), hours, hours).remainingAt(t("2026-11-23T12:00:00Z"), hours))
                .isEqualTo(Duration.ofHours(37));
    }

    @Test
    void warningsComeTheLeadTimeBeforeTheDueTimeInWorkingTime() {
        SlaClock c = SlaClock.start(SlaClock.Kind.RESPONSE, normal, monday9, hours);
        // due Tuesday 17:00; one working hour before is Tuesday 16:00
        assertThat(c.warningAt(Duration.ofHours(1), monday9, hours)).isEqualTo(t("2026-11-24T16:00:00Z"));
        // a lead longer than what is left warns at once
        SlaClock critical1h = SlaClock.start(SlaClock.Kind.RESPONSE, critical, monday9, WorkingTime.ALWAYS);
        assertThat(critical1h.warningAt(Duration.ofHours(2), monday9, WorkingTime.ALWAYS)).isEqualTo(monday9);
        // a clock resumed after a pause warns from what is left, not from its start
        SlaClock resumed = c.onStatus(Status.ON_HOLD, t("2026-11-23T17:00:00Z"), hours).onStatus(Status.OPEN, t("2026-11-30T09:00:00Z"), hours);
        assertThat(resumed.warningAt(Duration.ofMinutes(30), t("2026-11-30T09:00:00Z"), hours)).isEqualTo(t("2026-11-30T16:30:00Z"));
    }
}
