package postdesk.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

class BusinessHoursTest {
    final BusinessHours berlin = BusinessHours.parse("Europe/Berlin", "Mon-Fri", "09:00-17:00", "2026-12-24, 12-25, 01-01");

    private static Instant at(String localBerlin) {
        return ZonedDateTime.parse(localBerlin + "[Europe/Berlin]").toInstant();
    }

    @Test
    void workWithinOneDay() {
        assertThat(berlin.plus(at("2026-11-23T10:00:00+01:00"), Duration.ofHours(2))).isEqualTo(at("2026-11-23T12:00:00+01:00"));
        assertThat(berlin.between(at("2026-11-23T10:00:00+01:00"), at("2026-11-23T12:30:00+01:00"))).isEqualTo(Duration.ofMinutes(150));
    }

    @Test
    void aClockStartedOutsideHoursBeginsAtTheNextOpening() {
        assertThat(berlin.plus(at("2026-11-23T06:00:00+01:00"), Duration.ofHours(1))).isEqualTo(at("2026-11-23T10:00:00+01:00"));
        assertThat(berlin.plus(at("2026-11-23T20:00:00+01:00"), Duration.ofHours(1))).isEqualTo(at("2026-11-24T10:00:00+01:00"));
        assertThat(berlin.between(at("2026-11-23T17:30:00+01:00"), at("2026-11-24T08:59:00+01:00"))).isZero();
    }

    @Test
    void theWeekendIsSkipped() {
        // Friday 16:00 + 2 h = Monday 10:00
        assertThat(berlin.plus(at("2026-11-27T16:00:00+01:00"), Duration.ofHours(2))).isEqualTo(at("2026-11-30T10:00:00+01:00"));
        assertThat(berlin.between(at("2026-11-27T16:00:00+01:00"), at("2026-11-30T10:00:00+01:00"))).isEqualTo(Duration.ofHours(2));
        // a whole week is five working days
        assertThat(berlin.between(at("2026-11-23T00:00:00+01:00"), at("2026-11-30T00:00:00+01:00"))).isEqualTo(Duration.ofHours(40));
    }

    @Test
    void holidaysOnADateAndEveryYearAreSkipped() {
        // Wed 23 Dec 16:00 + 3 h: 1 h that day, 24th (dated) and 25th (yearly) off, weekend, Monday 28th 09:00 + 2 h
        assertThat(berlin.plus(at("2026-12-23T16:00:00+01:00"), Duration.ofHours(3))).isEqualTo(at("2026-12-28T11:00:00+01:00"));
        // 1 January is a holiday every year: Thu 31 Dec 2026 16:00 + 2 h = 1 h that day, Friday 1 Jan off, Monday 4 Jan 10:00
        assertThat(berlin.plus(at("2026-12-31T16:00:00+01:00"), Duration.ofHours(2))).isEqualTo(at("2027-01-04T10:00:00+01:00"));
        assertThat(berlin.isWorkingDay(java.time.LocalDate.parse("2027-01-01"))).isFalse();
        assertThat(berlin.isWorkingDay(java.time.LocalDate.parse("2027-12-25"))).isFalse();
        assertThat(berlin.isWorkingDay(java.time.LocalDate.parse("2027-12-24"))).isTrue(); // only 2026's Christmas Eve is listed
    }

    @Test
    void aWorkingDayKeepsItsHoursAcrossDaylightSavingChanges() {
        // Berlin springs forward on Sunday 29 March 2026 and falls back on Sunday 25 October 2026:
        // Friday 16:00 + 2 h is Monday 10:00 local time, though the UTC offset changed over the weekend
        Instant friday = at("2026-03-27T16:00:00+01:00");
        Instant monday = berlin.plus(friday, Duration.ofHours(2));
        assertThat(monday).isEqualTo(at("2026-03-30T10:00:00+02:00"));
        assertThat(monday).isEqualTo(Instant.parse("2026-03-30T08:00:00Z"));
        assertThat(berlin.plus(at("2026-10-23T16:00:00+02:00"), Duration.ofHours(2))).isEqualTo(Instant.parse("2026-10-26T09:00:00Z"));
        assertThat(berlin.between(at("2026-03-27T09:00:00+01:00"), at("2026-03-31T09:00:00+02:00"))).isEqualTo(Duration.ofHours(16));
    }

    @Test
    void aUtcDayIsNotABerlinDay() {
        // 23:30 UTC on a Sunday is already Monday 00:30 in Berlin: not working time before 09:00
        assertThat(berlin.plus(Instant.parse("2026-11-22T23:30:00Z"), Duration.ofMinutes(30))).isEqualTo(at("2026-11-23T09:30:00+01:00"));
        BusinessHours tokyo = BusinessHours.parse("Asia/Tokyo", "Mon-Fri", "09:00-18:00", "");
        // Friday 17:00 UTC is Saturday 02:00 in Tokyo: the next working minute is Monday 09:00 JST (Monday 00:00 UTC)
        assertThat(tokyo.plus(Instant.parse("2026-11-27T17:00:00Z"), Duration.ofHours(1))).isEqualTo(Instant.parse("2026-11-30T01:00:00Z"));
    }

    @Test
    void roundTheClockDaysAndCustomWeeks() {
        BusinessHours allDay = BusinessHours.parse("UTC", "Mon-Sun", "00:00-24:00", "");
        assertThat(allDay.workingDay()).isEqualTo(Duration.ofHours(24));
        assertThat(allDay.plus(Instant.parse("2026-11-21T10:00:00Z"), Duration.ofHours(30))).isEqualTo(Instant.parse("2026-11-22T16:00:00Z"));
        BusinessHours middleEast = BusinessHours.parse("Asia/Dubai", "Mon-Thu, Sun", "08:00-16:00", "");
        assertThat(middleEast.days()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.SUNDAY);
        BusinessHours wrapping = BusinessHours.parse("UTC", "Sat-Mon", "09:00-17:00", "");
        assertThat(wrapping.days()).containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY);
    }

    @Test
    void plusAndBetweenAgree() {
        Instant start = at("2026-12-22T13:17:00+01:00");
        for (int minutes : new int[] {0, 1, 59, 480, 481, 2000, 10_000}) {
            Instant end = berlin.plus(start, Duration.ofMinutes(minutes));
            assertThat(berlin.between(start, end)).as("%d minutes", minutes).isEqualTo(Duration.ofMinutes(minutes));
        }
        assertThat(WorkingTime.ALWAYS.between(start, start.minusSeconds(5))).isZero();
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> BusinessHours.parse("Mars/Olympus", "Mon-Fri", "09:00-17:00", "")).hasMessageContaining("unknown time zone 'Mars/Olympus'");
        assertThatThrownBy(() -> BusinessHours.parse("UTC", "Mon-Funday", "09:00-17:00", "")).hasMessageContaining("'Funday' is not a day");
        assertThatThrownBy(() -> BusinessHours.parse("UTC", "Mon-Fri", "17:00-09:00", "")).hasMessageContaining("end before they start");
        assertThatThrownBy(() -> BusinessHours.parse("UTC", "Mon-Fri", "9-5", "")).hasMessageContaining("'9' is not a time");
        assertThatThrownBy(() -> BusinessHours.parse("UTC", "Mon-Fri", "09:00-17:00", "Christmas")).hasMessageContaining("holiday 'Christmas'");
        assertThatThrownBy(() -> BusinessHours.parse("UTC", " , ", "09:00-17:00", "")).hasMessageContaining("no working days");
    }
}
