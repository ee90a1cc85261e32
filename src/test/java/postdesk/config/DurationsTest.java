package postdesk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "30s, PT30S",
            "15m, PT15M",
            "48h, PT48H",
            "7d, PT168H",
            "2w, PT336H",
            "1y, PT8760H",
            "500ms, PT0.5S",
            "0s, PT0S",
            "PT48H, PT48H",
            "pt48h, PT48H",
            "P7D, PT168H",
            "PT1H30M, PT1H30M",
            "48H, PT48H",
            "'  10s ', PT10S",
            "'5 m', PT5M"})
    void parsesShortAndIsoForms(String text, String expected) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "10", "10x", "1.5h", "-5s", "h", "48 hours", "P", "10s5m"})
    void badInputSaysWhatIsAccepted(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a duration: '" + text + "'")
                .hasMessageContaining("30s")
                .hasMessageContaining("PT48H");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999s", "9999999999999999d"})
    void hugeNumbersGetTheSameClearMessage(String text) {
        // an overflow is bad input like any other, not a NumberFormatException / ArithmeticException text
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a duration");
    }

    @ParameterizedTest
    @CsvSource({
            "PT48H, 2d",
            "PT168H, 7d",
            "PT36H, 36h",
            "PT1H, 1h",
            "PT90S, 90s",
            "PT15M, 15m",
            "PT30S, 30s",
            "PT0.5S, 500ms",
            "PT1.5S, 1500ms",
            "PT0S, 0s"})
    void formatIsShort(String iso, String expected) {
        assertThat(Durations.format(Duration.parse(iso))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"30s", "15m", "48h", "7d", "500ms", "90s", "36h", "1500ms"})
    void formatRoundTripsThroughParse(String text) {
        Duration d = Durations.parse(text);
        assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }

    @ParameterizedTest
    @CsvSource({
            "PT48H, 2 days",
            "PT24H, 1 day",
            "PT36H, 36 hours",
            "PT1H, 1 hour",
            "PT90M, 90 minutes",
            "PT15M, 15 minutes",
            "PT1M, 1 minute",
            "PT30S, 30 seconds",
            "PT1S, 1 second",
            "PT168H, 7 days"})
    void wordsForPeople(String iso, String expected) {
        assertThat(Durations.words(Duration.parse(iso))).isEqualTo(expected);
    }
}
