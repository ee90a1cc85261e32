package postdesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrioritiesTest {
    static final Priorities DEFAULT = Priorities.parse(Priorities.DEFAULT_MATRIX);

    @ParameterizedTest(name = "urgency {0} x impact {1} = {2}")
    @CsvSource({"high, high, CRITICAL", "high, medium, URGENT", "high, low, HIGH", "medium, high, URGENT", "medium, medium, HIGH",
            "medium, low, NORMAL", "low, high, HIGH", "low, medium, NORMAL", "low, low, LOW"})
    void theDefaultMatrix(String urgency, String impact, Priority expected) {
        assertThat(DEFAULT.requested("Help", "Hello\nUrgency: " + urgency + "\nImpact: " + impact + "\n")).contains(expected);
    }

    @Test
    void aMissingLevelCountsAsMedium() {
        assertThat(DEFAULT.requested("Help", "Impact: High")).contains(Priority.URGENT);
        assertThat(DEFAULT.requested("Help", "  urgency :low")).contains(Priority.NORMAL);
    }

    @Test
    void aSubjectTagWinsAndNothingMeansNothing() {
        assertThat(DEFAULT.requested("[URGENT] Server down", "Impact: low\nUrgency: low")).contains(Priority.URGENT);
        assertThat(DEFAULT.requested("Re: [critical] x", "")).contains(Priority.CRITICAL);
        assertThat(DEFAULT.requested("Server down", "The impact: on sales is high")).isEmpty();
        assertThat(DEFAULT.requested("Array [high] index", "")).contains(Priority.HIGH);
        assertThat(DEFAULT.requested("[highest] priority", "")).isEmpty();
    }

    @Test
    void theTagLeavesTheSubject() {
        assertThat(DEFAULT.withoutTag("[urgent]  Server down")).isEqualTo("Server down");
    }

    @Test
    void aConfiguredMatrixMustBeCompleteAndValid() {
        assertThat(Priorities.parse(Priorities.DEFAULT_MATRIX.replace("low/low=LOW", "low/low=NORMAL"))
                .requested("x", "Impact: low\nUrgency: low")).contains(Priority.NORMAL);
        assertThatThrownBy(() -> Priorities.parse("high/high=CRITICAL")).hasMessageContaining("is missing");
        assertThatThrownBy(() -> Priorities.parse(Priorities.DEFAULT_MATRIX.replace("low/low=LOW", "low/low=P9")))
                .hasMessageContaining("unknown priority 'P9'");
        assertThatThrownBy(() -> Priorities.parse(Priorities.DEFAULT_MATRIX + ",low/low=LOW")).hasMessageContaining("given twice");
        assertThatThrownBy(() -> Priorities.parse(Priorities.DEFAULT_MATRIX.replace("low/low", "lowest/low")))
                .hasMessageContaining("'lowest' is not high, medium or low");
    }
}
