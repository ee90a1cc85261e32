package postdesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeverityWordsTest {
    private static final Priorities PRIORITIES = Priorities.parse(Priorities.DEFAULT_MATRIX).withWords(SeverityWords.parse(SeverityWords.DEFAULT));

    @Test
    void theDefaultWordsBothWays() {
        SeverityWords words = PRIORITIES.words();
        assertThat(words.priorityOf("BLOCKER")).contains(Priority.CRITICAL);
        assertThat(words.priorityOf("critical")).contains(Priority.URGENT);
        assertThat(words.priorityOf("trivial")).contains(Priority.LOW);
        assertThat(words.wordFor(Priority.HIGH)).isEqualTo("Major");
        assertThat(words.wordFor(Priority.NORMAL)).isEqualTo("Minor");
        assertThat(SeverityWords.NONE.wordFor(Priority.URGENT)).isEqualTo("Urgent");
    }

    @Test
    void aTagOrASeverityLine() {
        assertThat(PRIORITIES.requested("[Blocker] Checkout down", "")).contains(Priority.CRITICAL);
        assertThat(PRIORITIES.requested("Re: [ trivial ] typo", "")).contains(Priority.LOW);
        assertThat(PRIORITIES.requested("Slow", "Hi,\n\nSeverity: Major\n")).contains(Priority.HIGH);
        assertThat(PRIORITIES.requested("Slow", "* **Severity:** minor")).contains(Priority.NORMAL);
        assertThat(PRIORITIES.requested("Slow", "Severity: high")).as("a priority's name works too").contains(Priority.HIGH);
        assertThat(PRIORITIES.requested("Slow", "The severity: is unclear")).isEmpty();
        assertThat(PRIORITIES.requested("[v2] [blocker] install", "")).as("the first tag that names one").contains(Priority.CRITICAL);
    }

    @Test
    void aPrioritysOwnNameWinsInATagAndTheTagLeavesTheSubject() {
        assertThat(PRIORITIES.requested("[critical] down", "")).contains(Priority.CRITICAL);
        assertThat(PRIORITIES.requested("[blocker] down", "Severity: trivial\nImpact: low")).contains(Priority.CRITICAL);
        assertThat(PRIORITIES.withoutTag("[v2] [Blocker] install fails")).isEqualTo("[v2] install fails");
    }
}
