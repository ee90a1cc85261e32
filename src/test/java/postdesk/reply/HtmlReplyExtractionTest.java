package postdesk.reply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** HTML replies of common clients: HtmlText marks the history so that ReplyExtractor cuts it (own fixtures). */
class HtmlReplyExtractionTest {
    private final ReplyExtractor extractor = new ReplyExtractor();

    private String reply(String html) {
        return extractor.extract(HtmlText.toText(html)).text();
    }

    @Test
    void gmailQuoteWithAttribution() {
        assertThat(reply("<div dir=\"ltr\">Fixed, thanks.</div><br><div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">"
                + "On Mon, Jan 6, 2025 at 9:12 AM Jane Roe &lt;<a href=\"mailto:jane@example.org\">jane@example.org</a>&gt; wrote:<br></div>"
                + "<blockquote class=\"gmail_quote\"><div dir=\"ltr\">Is it fixed?</div></blockquote></div>"))
                .isEqualTo("Fixed, thanks.");
    }

    @Test
    void gmailQuoteWithoutAttributionIsQuoted() {
        String text = HtmlText.toText("<div>Fixed.</div><div class=\"gmail_quote\"><div>Is it fixed?</div></div>");
        assertThat(text).isEqualTo("Fixed.\n\n> Is it fixed?");
        assertThat(extractor.extract(text).text()).isEqualTo("Fixed.");
    }

    @Test
    void gmailForwardIsNotQuoted() {
        String html = "<div dir=\"ltr\"><div class=\"gmail_quote\">---------- Forwarded message ---------<br>From: Jane &lt;jane@example.org&gt;<br>"
                + "Date: Mon, Jan 6, 2025<br>Subject: Printer<br><br><div>It is broken.</div></div></div>";
        assertThat(HtmlText.toText(html)).startsWith("---------- Forwarded message").doesNotContain("> ");
        assertThat(reply(html)).contains("It is broken.");
    }

    @Test
    void gmailSignatureGetsTheDelimiter() {
        String text = HtmlText.toText("<div>Fixed.</div><div class=\"gmail_signature\" data-smartmail=\"gmail_signature\">Jane Roe<br>ACME</div>");
        assertThat(text).isEqualTo("Fixed.\n--\nJane Roe\nACME");
        assertThat(extractor.extract(text).text()).isEqualTo("Fixed.");
    }

    @Test
    void exchangeReplySection() {
        assertThat(reply("<div name=\"messageBodySection\"><p>Fixed.</p></div><div name=\"messageReplySection\"><p>Is it fixed?</p></div>"))
                .isEqualTo("Fixed.");
    }

    @Test
    void outlookBorderTopHeaderBlock() {
        assertThat(reply("<div class=\"WordSection1\"><p>Please go ahead.</p><div style=\"border:none;border-top:solid #E1E1E1 1.0pt\">"
                + "<p><b>From:</b> Jane Roe &lt;jane@example.org&gt;<br><b>Sent:</b> Monday, January 6, 2025 9:12 AM<br>"
                + "<b>To:</b> Support<br><b>Subject:</b> Toner</p></div><p>Shall we replace the toner?</p></div>"))
                .isEqualTo("Please go ahead.");
    }

    @Test
    void outlookWebDivRplyFwdMsg() {
        assertThat(reply("<div>Please go ahead.</div><hr style=\"display:inline-block\"><div id=\"divRplyFwdMsg\" dir=\"ltr\"><font>"
                + "<b>From:</b> Jane Roe &lt;jane@example.org&gt;<br><b>Sent:</b> Monday, January 6, 2025 9:12 AM<br><b>To:</b> Support"
                + "</font><div>&nbsp;</div></div><div>Shall we replace the toner?</div>"))
                .isEqualTo("Please go ahead.");
    }

    @Test
    void appleMailBlockquoteTypeCite() {
        assertThat(reply("<div>Works now.</div><div><br><blockquote type=\"cite\"><div>On 6 Jan 2025, at 09:12, Jane Roe &lt;jane@example.org&gt; wrote:</div>"
                + "<br><div>Try again?</div></blockquote></div>"))
                .isEqualTo("Works now.");
    }

    @Test
    void thunderbirdMozCitePrefix() {
        assertThat(reply("<p>Works now.</p><div class=\"moz-cite-prefix\">On 06/01/2025 09:12, Jane Roe wrote:<br></div>"
                + "<blockquote type=\"cite\" cite=\"mid:1@example.org\">Try again?</blockquote>"))
                .isEqualTo("Works now.");
    }

    @Test
    void yahooQuotedContainer() {
        assertThat(reply("<div>Works now.</div><div id=\"yahoo_quoted_1234\" class=\"yahoo_quoted\"><div>Try again?</div></div>"))
                .isEqualTo("Works now.");
    }

    @Test
    void mailRuAttributionAboveABlockquote() {
        assertThat(reply("<p>Works now.</p><br>Mon, 6 Jan 2025 09:12:00 +0300 от Jane Roe &lt;jane@example.org&gt;:<br>"
                + "<blockquote style=\"border-left:1px solid #0857A6\">Try again?</blockquote>"))
                .isEqualTo("Works now.");
    }
}
