package postdesk.reply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTextTest {

    @Test
    void paragraphsAndBreaksBecomeLines() {
        assertThat(HtmlText.toText("<p>Hello</p><p>World<br>again</p>")).isEqualTo("Hello\nWorld\nagain");
    }

    @Test
    void blockquoteBecomesQuotedLines() {
        String text = HtmlText.toText("<div>Thanks!</div><blockquote><p>line one</p><p>line two</p></blockquote>");
        assertThat(text).isEqualTo("Thanks!\n> line one\n> line two");
    }

    @Test
    void nestedBlockquotesQuoteTwice() {
        String text = HtmlText.toText("<blockquote>outer<blockquote>inner</blockquote></blockquote>");
        assertThat(text.lines()).contains("> outer", "> > inner");
    }

    @Test
    void scriptsStylesAndHeadAreDropped() {
        String text = HtmlText.toText("<html><head><title>T</title><style>p{}</style></head>"
                + "<body><script>alert(1)</script><p>visible</p><noscript>ns</noscript></body></html>");
        assertThat(text).isEqualTo("visible");
    }

    @Test
    void entitiesAreDecodedAndWhitespaceCollapsed() {
        assertThat(HtmlText.toText("<p>a &amp; b &lt;c&gt;   d\n  e</p>")).isEqualTo("a & b <c> d e");
    }

    @Test
    void preformattedTextKeepsItsLineBreaks() {
        // customers paste logs and stack traces; their lines must survive
        String text = HtmlText.toText("<p>Log:</p><pre>ERROR first line\n  at second.line(X.java:1)\n  at third</pre>");
        assertThat(text.lines()).contains("ERROR first line", "  at second.line(X.java:1)", "  at third");
    }

    @Test
    void tableCellsAreSeparated() {
        assertThat(HtmlText.toText("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"))
                .isEqualTo("a b\nc");
    }

    @Test
    void noMoreThanOneBlankLine() {
        assertThat(HtmlText.toText("<p>a</p><br><br><br><br><p>b</p>")).doesNotContain("\n\n\n");
    }

    @Test
    void emptyHtmlIsEmptyText() {
        assertThat(HtmlText.toText("")).isEmpty();
    }

    @Test
    void sanitiseRemovesScriptsAndHandlers() {
        String clean = HtmlText.sanitise("<p onclick=\"steal()\">Hi <img src=\"x.png\" onerror=\"alert(1)\">"
                + "<script>alert(2)</script><a href=\"javascript:alert(3)\">link</a>"
                + "<iframe src=\"https://evil.test\"></iframe><form action=\"https://evil.test\"><input></form></p>");
        assertThat(clean).doesNotContainIgnoringCase("script")
                .doesNotContainIgnoringCase("onerror")
                .doesNotContainIgnoringCase("onclick")
                .doesNotContainIgnoringCase("javascript:")
                .doesNotContainIgnoringCase("iframe")
                .doesNotContainIgnoringCase("<form")
                .doesNotContainIgnoringCase("<input")
                .contains("Hi")
                .contains("link");
    }

    @Test
    void sanitiseKeepsHarmlessMarkupAndCidImages() {
        String clean = HtmlText.sanitise("<p><b>bold</b> <a href=\"https://example.com\">x</a>"
                + "<img src=\"cid:logo@x\"><blockquote>q</blockquote></p>");
        assertThat(clean).contains("<b>bold</b>")
                .contains("href=\"https://example.com\"")
                .contains("src=\"cid:logo@x\"")
                .contains("<blockquote>");
    }
}
