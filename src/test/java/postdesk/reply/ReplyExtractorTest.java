package postdesk.reply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplyExtractorTest {
    private final ReplyExtractor extractor = new ReplyExtractor();

    private ReplyExtractor.Reply extract(String... lines) {
        return extractor.extract(String.join("\n", lines));
    }

    @Test
    void gmailOnWrote() {
        ReplyExtractor.Reply r = extract(
                "Thanks, that fixed it.",
                "",
                "On Mon, 3 Mar 2025 at 10:15, Helpdesk Support <support@helpdesk.test> wrote:",
                "> Please restart the printer.",
                "> ");
        assertThat(r.text()).isEqualTo("Thanks, that fixed it.");
        assertThat(r.quoted()).startsWith("On Mon, 3 Mar 2025").contains("> Please restart the printer.");
    }

    @Test
    void gmailOnWroteWrappedOverTwoLines() {
        ReplyExtractor.Reply r = extract(
                "Still broken.",
                "",
                "On Mon, 3 Mar 2025 at 10:15, Helpdesk Support <support@helpdesk.test>",
                "wrote:",
                "",
                "> Please restart the printer.");
        assertThat(r.text()).isEqualTo("Still broken.");
        assertThat(r.quoted()).startsWith("On Mon, 3 Mar 2025").contains("wrote:").contains("> Please restart");
    }

    @Test
    void thunderbirdOnWrote() {
        ReplyExtractor.Reply r = extract(
                "Thanks.",
                "",
                "On 03/03/2025 10:15, Helpdesk Support wrote:",
                "> Please restart the printer.");
        assertThat(r.text()).isEqualTo("Thanks.");
    }

    @Test
    void germanAmSchriebWithTheNameLast() {
        // some clients put the name first: "Am …, <name> schrieb:"
        ReplyExtractor.Reply r = extract(
                "Danke.",
                "",
                "Am 03.03.2025 um 10:15, Helpdesk Support schrieb:",
                "> Bitte starten Sie den Drucker neu.");
        assertThat(r.text()).isEqualTo("Danke.");
        assertThat(r.quoted()).startsWith("Am 03.03.2025");
    }

    @Test
    void germanThunderbirdAmSchrieb() {
        // Thunderbird/Apple Mail (de): the name follows "schrieb"
        ReplyExtractor.Reply r = extract(
                "Danke.",
                "",
                "Am 03.03.25 um 10:15 schrieb Helpdesk Support:",
                "> Bitte starten Sie den Drucker neu.",
                ">",
                "> Ihr Support");
        assertThat(r.text()).isEqualTo("Danke.");
        assertThat(r.quoted()).startsWith("Am 03.03.25 um 10:15 schrieb");
    }

    @Test
    void germanAmSchrieb() {
        ReplyExtractor.Reply r = extract(
                "Danke, jetzt geht es.",
                "",
                "Am Mo., 3. März 2025 um 10:15 Uhr schrieb Helpdesk Support <support@helpdesk.test>:",
                "> Bitte starten Sie den Drucker neu.");
        assertThat(r.text()).isEqualTo("Danke, jetzt geht es.");
        assertThat(r.quoted()).startsWith("Am Mo., 3. März").contains("Drucker neu");
    }

    @Test
    void frenchLeAEcrit() {
        ReplyExtractor.Reply r = extract(
                "Merci, c'est réglé.",
                "",
                "Le lun. 3 mars 2025 à 10:15, Helpdesk Support <support@helpdesk.test> a écrit :",
                "> Veuillez redémarrer l'imprimante.");
        assertThat(r.text()).isEqualTo("Merci, c'est réglé.");
        assertThat(r.quoted()).startsWith("Le lun. 3 mars").contains("redémarrer");
    }

    @Test
    void outlookOriginalMessage() {
        ReplyExtractor.Reply r = extract(
                "Yes, please go ahead.",
                "",
                "-----Original Message-----",
                "From: Helpdesk Support <support@helpdesk.test>",
                "Sent: Monday, March 3, 2025 10:15 AM",
                "To: Alice <alice@example.com>",
                "Subject: Re: Printer broken [TKT-ABCDE-FGHJ]",
                "",
                "Shall we replace the toner?");
        assertThat(r.text()).isEqualTo("Yes, please go ahead.");
        assertThat(r.quoted()).startsWith("-----Original Message-----").contains("Shall we replace the toner?");
    }

    @Test
    void outlookFromSentHeaderBlock() {
        ReplyExtractor.Reply r = extract(
                "Yes, please go ahead.",
                "",
                "From: Helpdesk Support <support@helpdesk.test>",
                "Sent: Monday, March 3, 2025 10:15 AM",
                "To: Alice <alice@example.com>",
                "Subject: Re: Printer broken [TKT-ABCDE-FGHJ]",
                "",
                "Shall we replace the toner?");
        assertThat(r.text()).isEqualTo("Yes, please go ahead.");
        assertThat(r.quoted()).startsWith("From: Helpdesk Support").contains("Shall we replace the toner?");
    }

    @Test
    void outlookHeaderBlockUnderAnUnderscoreRule() {
        ReplyExtractor.Reply r = extract(
                "Yes, please go ahead.",
                "",
                "________________________________",
                "From: Helpdesk Support <support@helpdesk.test>",
                "Sent: Monday, March 3, 2025 10:15 AM",
                "",
                "Shall we replace the toner?");
        assertThat(r.text()).isEqualTo("Yes, please go ahead.");
        assertThat(r.quoted()).startsWith("____").contains("Shall we replace the toner?");
    }

    @Test
    void aFromLineWithoutAHeaderBlockIsNotACut() {
        String body = "From: the accounting team we heard the printer is broken.\nCan you check it?";
        ReplyExtractor.Reply r = extractor.extract(body);
        assertThat(r.text()).isEqualTo(body);
        assertThat(r.quoted()).isEmpty();
    }

    @Test
    void postdeskReplyMarker() {
        ReplyExtractor.Reply r = extract(
                "Works now, thanks!",
                "",
                ReplyExtractor.MARKER,
                "",
                "Hello Alice, we have received your request TKT-ABCDE-FGHJ.");
        assertThat(r.text()).isEqualTo("Works now, thanks!");
        assertThat(r.quoted()).startsWith(ReplyExtractor.MARKER).contains("we have received");
    }

    @Test
    void quotedPostdeskReplyMarker() {
        ReplyExtractor.Reply r = extract(
                "Works now, thanks!",
                "> " + ReplyExtractor.MARKER,
                "> Hello Alice");
        assertThat(r.text()).isEqualTo("Works now, thanks!");
    }

    @Test
    void trailingQuoteBlock() {
        ReplyExtractor.Reply r = extract(
                "Thanks, that fixed it.",
                "",
                "> Please restart the printer.",
                ">",
                "> Helpdesk Support",
                "",
                "");
        assertThat(r.text()).isEqualTo("Thanks, that fixed it.");
        assertThat(r.quoted()).isEqualTo("> Please restart the printer.\n>\n> Helpdesk Support");
    }

    @Test
    void inlineAnswersBetweenQuotesAreNotCut() {
        String body = String.join("\n",
                "On Mon, 3 Mar 2025 at 10:15, Helpdesk Support <support@helpdesk.test> wrote:",
                "> Which printer model is it?",
                "HP LaserJet 4000.",
                "> And which floor?",
                "Third floor.");
        ReplyExtractor.Reply r = extractor.extract(body);
        assertThat(r.text()).contains("HP LaserJet 4000.").contains("Third floor.")
                .contains("> Which printer model is it?").contains("> And which floor?");
        // the corpus (discourse inline_mixed_replies) drops the attribution above inline answers
        assertThat(r.quoted()).isEqualTo("On Mon, 3 Mar 2025 at 10:15, Helpdesk Support <support@helpdesk.test> wrote:");
    }

    @Test
    void inlineAnswersWithoutAWroteLineAreNotCut() {
        String body = String.join("\n",
                "> Which printer model is it?",
                "HP LaserJet 4000.",
                "> And which floor?",
                "Third floor.");
        ReplyExtractor.Reply r = extractor.extract(body);
        assertThat(r.text()).isEqualTo(body);
        assertThat(r.quoted()).isEmpty();
    }

    @Test
    void aSignatureBelowTheQuoteIsNotAnInlineAnswer() {
        ReplyExtractor.Reply r = extract(
                "Thanks!",
                "On Mon, 3 Mar 2025 at 10:15, Support <support@helpdesk.test> wrote:",
                "> Please restart the printer.",
                "-- ",
                "Alice");
        assertThat(r.text()).isEqualTo("Thanks!");
    }

    @Test
    void noQuoteKeepsTheWholeText() {
        String body = "Hello,\n\nmy printer is broken.\n\nOn the third floor, near the kitchen.\n\nAlice";
        ReplyExtractor.Reply r = extractor.extract(body);
        assertThat(r.text()).isEqualTo(body);
        assertThat(r.quoted()).isEmpty();
    }

    @Test
    void crlfLineEndingsAreNormalised() {
        ReplyExtractor.Reply r = extractor.extract(
                "Fixed.\r\n\r\nOn Mon, 3 Mar 2025, Support <support@helpdesk.test> wrote:\r\n> old\r\n");
        assertThat(r.text()).isEqualTo("Fixed.");
        assertThat(r.quoted()).doesNotContain("\r");
    }

    @Test
    void emptyTextStaysEmpty() {
        ReplyExtractor.Reply r = extractor.extract("");
        assertThat(r.text()).isEmpty();
        assertThat(r.quoted()).isEmpty();
    }

    @Test
    void replyThatIsOnlyAQuoteKeepsIt() {
        // the corpus (email_reply_trimmer quote_only) keeps a quote that is all the mail holds;
        // quoted history under an attribution is still cut (ReplyExtractorRulesTest)
        ReplyExtractor.Reply r = extract("> Please restart the printer.", "> Thanks");
        assertThat(r.text()).isEqualTo("> Please restart the printer.\n> Thanks");
        assertThat(r.quoted()).isEmpty();
    }

    @Test
    void aShortReplyThatStartsLikeAnAttributionIsStillTheReply() {
        for (String reply : new String[] {"On it.", "Sent again, please check your spam folder.", "Le devis est envoyé."}) {
            ReplyExtractor.Reply r = extract(reply, "", "On Mon, 2 Mar 2026 at 09:00, Helpdesk <support@helpdesk.test> wrote:",
                    "> Please send the invoice again.");
            assertThat(r.text()).as(reply).isEqualTo(reply);
            assertThat(r.quoted()).contains("Please send the invoice again.");
        }
    }
}
