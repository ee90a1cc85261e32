package postdesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShareRequestTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "Share: organisation|true",
            "share: Organization|true",
            "  * Sharing: team|true",
            "Visibility: private|false",
            "Share: private|false",
            "Share: my screen\\nShare: org|true",
            "I will share: organisation details later|-",
            "Please share this with my boss|-",
            "> Share: organisation|-"})
    void theLineSaysShareOrPrivate(String text, Boolean expected) {
        assertThat(ShareRequest.in(text.replace("\\n", "\n")).orElse(null)).isEqualTo(expected);
    }
}
