package postdesk.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SatisfactionMetricsTest {
    @Test
    void labelValuesAreEscapedAsTheTextFormatAsks() {
        assertThat(SatisfactionMetrics.label("category", "Billing")).isEqualTo("{category=\"Billing\"}");
        assertThat(SatisfactionMetrics.label("category", "a \"quoted\" \\ back\nslash")).isEqualTo("{category=\"a \\\"quoted\\\" \\\\ back\\nslash\"}");
    }
}
