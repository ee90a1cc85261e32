package postdesk.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which reply texts are a satisfaction rating, and which are a customer's words that merely hold a number. */
class RatingReplyTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            5                                 | 5 |
            1                                 | 1 |
            '  4  '                           | 4 |
            5/5                               | 5 |
            3 / 5                             | 3 |
            4 stars                           | 4 |
            1 star                            | 1 |
            5 Stars!                          | 5 |
            Rating: 3                         | 3 |
            rating 2                          | 2 |
            RATING = 4                        | 4 |
            Score: 5/5                        | 5 |
            My rating: 4                      | 4 |
            3 out of 5                        | 3 |
            4 of 5                            | 4 |
            5!                                | 5 |
            5.                                | 5 |
            5 ★★★★★                           | 5 |
            4 - quick and friendly            | 4 | quick and friendly
            4 – quick and friendly            | 4 | quick and friendly
            5: great help                     | 5 | great help
            4 stars, thanks a lot             | 4 | thanks a lot
            2/5 - took a week                 | 2 | took a week
            """)
    void aRatingOnTheFirstLine(String text, int score, String comment) {
        assertThat(RatingReply.parse(text)).contains(new RatingReply.Given(score, comment == null ? "" : comment));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            '5\\nGreat help'                                                  | 5 | Great help
            '\\n\\n4\\n\\nQuick and friendly.\\nThanks, Alice'                 | 4 | Quick and friendly.\\nThanks, Alice
            '5\\n\\nOn Mon, 2 Mar 2026 at 09:00, Helpdesk wrote:\\n> closed'   | 5 |
            '3\\n> ticket TKT-ABCDE-2345 is now closed'                       | 3 |
            '4\\nok\\n-- \\nAlice Example\\nACME'                              | 4 | ok
            '2\\nslow\\n-----Original Message-----\\nFrom: support'            | 2 | slow
            '1\\r\\nnot solved\\r\\n'                                          | 1 | not solved
            'Rating: 5\\nAm 2. März 2026 schrieb Helpdesk <s@x>:\\n> zu'       | 5 |
            """)
    void aRatingWithLinesBelowIt(String text, int score, String comment) {
        Optional<RatingReply.Given> given = RatingReply.parse(text.replace("\\r", "\r").replace("\\n", "\n"));
        assertThat(given).contains(new RatingReply.Given(score, comment == null ? "" : comment.replace("\\n", "\n")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "5 more questions: how do I reset the VPN?",
            "I tried 3 times and it still fails",
            "3 times now",
            "2 questions",
            "1 more thing",
            "5:30 works for me",
            "4-5 days is too long",
            "0",
            "6",
            "10",
            "10/10",
            "5.5",
            "50",
            "-5",
            "1. Open the app\n2. Click login",
            "3 of 5 users cannot log in",
            "Thanks, 5 stars",
            "Please reopen, still broken",
            "",
            "   \n  \n",
            "> 5\n> quoted only",
            "#5",
            "5%",
            "Ticket 5",
            "Rating: great"})
    void noRating(String text) {
        assertThat(RatingReply.parse(text)).as(text).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void nullIsNoRating() {
        assertThat(RatingReply.parse(null)).isEmpty();
    }
}
