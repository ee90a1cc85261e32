package postdesk.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlowedTest {
    @Test
    void longLinesAreCutAtSpacesWithSoftBreaksAndJoinAgain() {
        String text = "Hello Jane,\n\n" + "word ".repeat(40).strip() + "\n\n-- \nSupport";
        String flowed = Flowed.encode(text);
        assertThat(flowed.lines()).allMatch(l -> l.length() <= Flowed.WIDTH + 1);
        assertThat(flowed).contains("word \nword").contains("\n-- \nSupport");
        assertThat(Flowed.decode(flowed)).isEqualTo(text);
    }

    @Test
    void stuffingTrailingSpacesQuotesAndLongWords() {
        String text = "From the start  \n indented\n> quoted line that is rather long " + "x".repeat(80) + "\n" + "y".repeat(100);
        String flowed = Flowed.encode(text);
        assertThat(flowed.lines().toList()).containsExactly(" From the start", "  indented",
                "> quoted line that is rather long " + "x".repeat(80), "y".repeat(100));
        assertThat(Flowed.decode(flowed)).isEqualTo("From the start\n indented\n> quoted line that is rather long " + "x".repeat(80) + "\n" + "y".repeat(100));
    }
}
