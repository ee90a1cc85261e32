package postdesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WhenTest {
    /** Wednesday 2026-03-04 15:00 in Berlin. */
    private static final Instant NOW = Instant.parse("2026-03-04T14:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @ParameterizedTest
    @CsvSource({
            "30m, 2026-03-04T14:30:00Z",
            "4h, 2026-03-04T18:00:00Z",
            "3d, 2026-03-07T14:00:00Z",
            "2 weeks, 2026-03-18T14:00:00Z",
            "2026-12-24, 2026-12-24T08:00:00Z",
            "2026-12-24 14:30, 2026-12-24T13:30:00Z",
            "2026-12-24T14:30, 2026-12-24T13:30:00Z",
            "16:00, 2026-03-04T15:00:00Z",
            "08:30, 2026-03-05T07:30:00Z",
            "tomorrow, 2026-03-05T08:00:00Z",
            "Tomorrow 7.15, 2026-03-05T06:15:00Z",
            "monday, 2026-03-09T08:00:00Z",
            "wed 10:00, 2026-03-11T09:00:00Z",
            "fri, 2026-03-06T08:00:00Z"})
    void momentsInTheDesksZone(String text, String expected) {
        assertThat(When.parse(text, NOW, BERLIN)).contains(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "2025-12-24", "25:00", "2026-02-30", "0d", "next year", "mo"})
    void nonsenseAndThePastAreRefused(String text) {
        assertThat(When.parse(text, NOW, BERLIN)).isEmpty();
    }
}
