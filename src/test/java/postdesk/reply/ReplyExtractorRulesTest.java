package postdesk.reply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reply-extraction rules added for real clients and languages (own fixtures). */
class ReplyExtractorRulesTest {
    private final ReplyExtractor extractor = new ReplyExtractor();

    private ReplyExtractor.Reply extract(String... lines) {
        return extractor.extract(String.join("\n", lines));
    }

    // ------------------------------------------------------------------ attribution lines

    @ParameterizedTest
    @ValueSource(strings = {
            "On Mon, Jan 6, 2025 at 9:12 AM Jane Roe <jane@example.org> wrote:",
            "On 6 Jan 2025, at 09:12, Jane Roe <jane@example.org> wrote:",
            "On 06/01/2025 09:12, Jane Roe wrote:",
            "Am Mo., 6. Jan. 2025 um 09:12 Uhr schrieb Jane Roe <jane@example.org>:",
            "Jane Roe <jane@example.org> schrieb am Mo., 6. Jan. 2025, 09:12:",
            "Le lun. 6 janv. 2025 à 09:12, Jane Roe <jane@example.org> a écrit :",
            "El lun, 6 ene 2025 a las 9:12, Jane Roe (<jane@example.org>) escribió:",
            "Em seg., 6 de jan. de 2025 às 09:12, Jane Roe <jane@example.org> escreveu:",
            "Il giorno lun 6 gen 2025 alle ore 09:12 Jane Roe <jane@example.org> ha scritto:",
            "Op ma 6 jan. 2025 om 09:12 schreef Jane Roe <jane@example.org>:",
            "Op 6 jan. 2025, om 09:12 heeft Jane Roe <jane@example.org> het volgende geschreven:",
            "Den 6 jan. 2025 kl. 09:12 skrev Jane Roe <jane@example.org>:",
            "man. 6. jan. 2025 kl. 09:12 skrev Jane Roe <jane@example.org>:",
            "pon., 6 sty 2025 o 09:12 Jane Roe <jane@example.org> napisał(a):",
            "W dniu 6.01.2025 o 09:12, Jane Roe pisze:",
            "po 6. 1. 2025 v 9:12 odesílatel Jane Roe <jane@example.org> napsal:",
            "ma 6.1.2025 klo 9.12 Jane Roe (jane@example.org) kirjoitti:",
            "Jane Roe <jane@example.org>, 6 Oca 2025 Pzt, 09:12 tarihinde şunu yazdı:",
            "6 янв. 2025 г., в 09:12, Jane Roe <jane@example.org> написал(а):",
            "пн, 6 янв. 2025 г. в 09:12, Jane Roe <jane@example.org>:",
            "6 січ. 2025 р. о 09:12 Jane Roe <jane@example.org> пише:",
            "Vào 09:12 6 tháng 1, 2025, Jane Roe <jane@example.org> đã viết:",
            "Jane Roe <jane@example.org> 于2025年1月6日周一 09:12写道：",
            "在 2025年1月6日，上午9:12，Jane Roe <jane@example.org> 写道：",
            "2025年1月6日(月) 9:12 Jane Roe <jane@example.org>:",
            "2025/01/06 9:12、Jane Roe <jane@example.org> のメッセージ:",
            "2025년 1월 6일 (월) 오전 9:12, Jane Roe <jane@example.org>님이 작성:",
            "2025-01-06 9:12 GMT+01:00 Jane Roe <jane@example.org>:",
            "06.01.2025, 09:12, \"Jane Roe\" <jane@example.org>:",
            "Mon, 6 Jan 2025 09:12:00 +0300 от Jane Roe <jane@example.org>:",
            "At 06/01/2025 09:12, you wrote:",
            "On Monday, January 6, 2025 at 9:12 AM, Jane Roe <jane@example.org> sent:",
            "---- On Mon, 06 Jan 2025 09:12:00 +0100 Jane Roe <jane@example.org> wrote ----",
    })
    void attributionLinesInManyLanguagesCut(String attribution) {
        ReplyExtractor.Reply r = extract("Done, thank you.", "", attribution, "", "> Could you restart it?", "> Jane");
        assertThat(r.text()).isEqualTo("Done, thank you.");
        assertThat(r.quoted()).startsWith(attribution.strip()).contains("Could you restart it?");
    }

    @Test
    void attributionWrappedOverThreeLines() {
        ReplyExtractor.Reply r = extract(
                "Works again.",
                "Le 6 janv. 2025 09:12, \"Jane Roe\"",
                "<jane@example.org>",
                "a écrit :",
                "",
                "> Try again please");
        assertThat(r.text()).isEqualTo("Works again.");
        assertThat(r.quoted()).startsWith("Le 6 janv.");
    }

    @Test
    void addressWrappedOntoTheNextLine() {
        ReplyExtractor.Reply r = extract(
                "Works again.",
                "",
                "2025-01-06 9:12 GMT+01:00 Helpdesk Support <",
                "support@helpdesk.example>:",
                "",
                "> Try again please",
                ">");
        assertThat(r.text()).isEqualTo("Works again.");
    }

    @Test
    void attributionWithoutQuotesBelowCutsTheUnquotedHistory() {
        ReplyExtractor.Reply r = extract(
                "Yes.",
                "",
                "On 6 Jan 2025, at 09:12, Jane Roe <jane@example.org> wrote:",
                "",
                "Shall I order the toner?");
        assertThat(r.text()).isEqualTo("Yes.");
        assertThat(r.quoted()).contains("Shall I order the toner?");
    }

    @Test
    void replyAndAttributionOnOneLine() {
        ReplyExtractor.Reply r = extract("Agreed On Mon, Jan 6, 2025 at 9:12 AM, jane@example.org wrote:", "> Shall we?");
        assertThat(r.text()).isEqualTo("Agreed");
    }

    @Test
    void somebodyWroteInsideTheTextIsNoAttribution() {
        String body = "The customer wrote:\nthe printer on floor 3 is jammed.";
        assertThat(extractor.extract(body).text()).isEqualTo(body);
    }

    // ------------------------------------------------------------------ bottom posting and inline answers

    @Test
    void bottomPostKeepsTheTextBelowTheQuote() {
        ReplyExtractor.Reply r = extract(
                "On Mon, Jan 6, 2025 at 9:12 AM Jane Roe <jane@example.org> wrote:",
                "> Which floor is the printer on?",
                "> Jane",
                "",
                "Third floor, next to the kitchen.");
        assertThat(r.text()).isEqualTo("Third floor, next to the kitchen.");
        assertThat(r.quoted()).contains("Which floor");
    }

    @Test
    void textAboveAndBelowOneQuoteKeepsBoth() {
        ReplyExtractor.Reply r = extract(
                "Hello,",
                "",
                "On 06/01/2025 09:12, Jane Roe wrote:",
                "> Which floor?",
                "",
                "Third floor.");
        assertThat(r.text()).isEqualTo("Hello,\n\nThird floor.");
    }

    @Test
    void inlineAnswersKeepTheirQuotesAndLoseTheAttribution() {
        ReplyExtractor.Reply r = extract(
                "On 06/01/2025 09:12, Jane Roe wrote:",
                "",
                "> Which printer model?",
                "",
                "HP LaserJet 4000.",
                "",
                "> Which floor?",
                "",
                "Third.",
                "",
                "> Thanks, Jane",
                "> --",
                "> Helpdesk");
        assertThat(r.text()).isEqualTo("> Which printer model?\n\nHP LaserJet 4000.\n\n> Which floor?\n\nThird.");
        assertThat(r.quoted()).startsWith("On 06/01/2025").contains("Thanks, Jane");
    }

    @Test
    void aQuoteBrokenByTheClientStaysOneQuote() {
        ReplyExtractor.Reply r = extract(
                "Fine.",
                "",
                "On 06/01/2025 09:12, Jane Roe wrote:",
                "> This is a very long line that the client broke in the",
                "middle",
                "> and it goes on.");
        assertThat(r.text()).isEqualTo("Fine.");
    }

    @Test
    void aMailOfQuotedHistoryOnlyHasNoNewText() {
        ReplyExtractor.Reply r = extract(
                "> On 06/01/2025 09:12, Jane Roe wrote:",
                ">",
                ">> Anything new?");
        assertThat(r.text()).isEmpty();
        assertThat(r.quoted()).contains("Anything new?");
    }

    @Test
    void oneQuotedLineGluedToTheTextIsACitation() {
        String body = "As you said:\n> restart it first";
        assertThat(extractor.extract(body).text()).isEqualTo(body);
    }

    // ------------------------------------------------------------------ Outlook blocks and separators

    @ParameterizedTest
    @ValueSource(strings = {
            "From: Jane Roe [mailto:jane@example.org]\nSent: Monday, January 6, 2025 9:12 AM\nTo: Support\nSubject: Printer",
            "*From:* Jane Roe <jane@example.org>\n*Sent:* Monday, January 6, 2025 9:12 AM\n*To:* Support",
            "De : Jane Roe <jane@example.org>\nEnvoyé : lundi 6 janvier 2025 09:12\nÀ : Support\nObjet : Imprimante",
            "Von: Jane Roe <jane@example.org>\nGesendet: Montag, 6. Januar 2025 09:12\nAn: Support\nBetreff: Drucker",
            "Da: Jane Roe <jane@example.org>\nInviato: lunedì 6 gennaio 2025 09:12\nA: Support\nOggetto: Stampante",
            "Fra: Jane Roe <jane@example.org>\nSendt: 6. januar 2025 09:12\nTil: Support\nEmne: Printer",
            "Från: Jane Roe <jane@example.org>\nSkickat: den 6 januari 2025 09:12\nTill: Support\nÄmne: Skrivare",
            "Van: Jane Roe <jane@example.org>\nVerzonden: maandag 6 januari 2025 09:12\nAan: Support\nOnderwerp: Printer",
            "Od: Jane Roe <jane@example.org>\nWysłano: poniedziałek, 6 stycznia 2025 09:12\nDo: Support\nTemat: Drukarka",
            "От: Jane Roe <jane@example.org>\nОтправлено: 6 января 2025 г. 9:12\nКому: Support\nТема: Принтер",
            "发件人: Jane Roe <jane@example.org>\n发送时间: 2025年1月6日 9:12\n收件人: Support\n主题: 打印机",
            "差出人: Jane Roe <jane@example.org>\n送信日時: 2025年1月6日 9:12\n宛先: Support\n件名: プリンター",
            "Date: Mon, 6 Jan 2025 09:12:00 +0100\nFrom: jane@example.org\nTo: support@helpdesk.example",
            "-----Original Message-----\nFrom: Jane Roe\nHello",
            "-----Ursprüngliche Nachricht-----\nVon: Jane Roe",
            "-----Oprindelig meddelelse-----\nFra: Jane Roe",
            "*-------- Original Message --------*\nHello",
            "________________________________\nFrom: Jane Roe <jane@example.org>\nSent: Monday, January 6, 2025 9:12 AM",
            "------------------------------\n\nFrom: Jane Roe <jane@example.org>\nDate: Monday, January 6, 2025 9:12 AM",
    })
    void outlookHeaderBlocksAndSeparatorsCut(String block) {
        ReplyExtractor.Reply r = extractor.extract("Please go ahead.\n\n" + block + "\n\nThe old message.");
        assertThat(r.text()).isEqualTo("Please go ahead.");
        assertThat(r.quoted()).endsWith("The old message.");
    }

    @Test
    void aMailThatIsOnlyAForwardIsKept() {
        String body = "---------- Forwarded message ---------\nFrom: Jane Roe <jane@example.org>\nDate: Mon, Jan 6, 2025\nSubject: Printer\n\nIt is broken.";
        assertThat(extractor.extract(body).text()).isEqualTo(body);
    }

    @Test
    void aForwardWithANoteKeepsTheForwardedMessage() {
        String body = "See below, the printer again.\n\nBegin forwarded message:\n\nFrom: Jane Roe <jane@example.org>\nSubject: Printer\n\nIt is broken.";
        assertThat(extractor.extract(body).text()).isEqualTo(body);
    }

    @Test
    void anOutlookForwardKeepsItsHeaderBlockAndBody() {
        String body = "FYI, from our vendor.\n\n________________________________\nFrom: Jane Roe <jane@example.org>\nSent: Monday, January 6, 2025 9:12 AM\n"
                + "To: Ops <ops@example.com>\nSubject: Printer\n\nIt is broken.";
        assertThat(extractor.extract(body, "FW: Printer").text()).isEqualTo(body);
        assertThat(extractor.extract(body, "WG: Printer").text()).isEqualTo(body);
        // a reply to a forward is a reply: its history goes
        assertThat(extractor.extract(body, "RE: FW: Printer").text()).isEqualTo("FYI, from our vendor.");
    }

    @Test
    void otherReplyAboveThisLineMarkers() {
        ReplyExtractor.Reply r = extract("Danke!", "", "## Bitte geben Sie Ihre Antwort oberhalb dieser Zeile ein ##", "Ihre Anfrage");
        assertThat(r.text()).isEqualTo("Danke!");
    }

    // ------------------------------------------------------------------ signatures

    @ParameterizedTest
    @ValueSource(strings = {
            "Sent from my iPhone", "Sent from my Samsung Galaxy smartphone.", "Sent from Outlook Mobile<https://aka.ms/x>",
            "Get Outlook for Android", "Envoyé de mon iPhone", "Envoyé depuis mon mobile", "Von meinem iPhone gesendet",
            "Enviado desde mi iPhone", "Inviato da iPhone", "Verstuurd vanaf mijn iPad", "Sendt fra min iPad",
            "Skickat från min iPhone", "Wysłane z iPhone'a", "Отправлено с iPhone", "iPhoneから送信", "发自我的iPhone",
            "Sent with Airmail", "Sent from my cell, please excuse typos.",
    })
    void mobileSignaturesCut(String signature) {
        ReplyExtractor.Reply r = extract("Printer works now.", "", signature);
        assertThat(r.text()).isEqualTo("Printer works now.");
        assertThat(r.quoted()).isEqualTo(signature);
    }

    @Test
    void aSentenceStartingWithSentFromIsNoSignature() {
        String body = "Printer works now.\n\nSent from my desk, which is easier than from the phone.";
        assertThat(extractor.extract(body).text()).isEqualTo(body);
    }

    @Test
    void dashDashDelimiterCutsTheSignature() {
        ReplyExtractor.Reply r = extract("Printer works now.", "", "-- ", "Jane Roe", "ACME Ltd.");
        assertThat(r.text()).isEqualTo("Printer works now.");
        assertThat(r.quoted()).startsWith("--").endsWith("ACME Ltd.");
    }

    @Test
    void mailingListFooterUnderARuleIsCut() {
        ReplyExtractor.Reply r = extract("Printer works now.", "", "_______________________________________________", "users mailing list");
        assertThat(r.text()).isEqualTo("Printer works now.");
    }

    @Test
    void rulesInsideACodeFenceStay() {
        String body = "Config:\n\n```\n#####\nkey=value\n```\n\nThat is all.";
        assertThat(extractor.extract(body).text()).isEqualTo(body);
    }

    @Test
    void dashNameSignOffIsCut() {
        ReplyExtractor.Reply r = extract("Printer works now.", "", "-Jane");
        assertThat(r.text()).isEqualTo("Printer works now.");
    }

    @Test
    void aClosingWithANameIsPartOfTheMessage() {
        String body = "Printer works now.\n\nBest regards,\nJane Roe";
        assertThat(extractor.extract(body).text()).isEqualTo(body);
    }

    @Test
    void contactBlockClosingTheMailIsCut() {
        ReplyExtractor.Reply r = extract("Printer works now.", "", "Jane Roe", "jane@example.org", "+1 555 010 4477", "www.example.org");
        assertThat(r.text()).isEqualTo("Printer works now.");
    }

    @Test
    void untouchedMailComesBackVerbatim() {
        String body = "Date: Monday   \nTime: 10:00  \n\nSee you.";
        assertThat(extractor.extract(body).text()).isEqualTo(body);
    }
    // ------------------------------------------------------------------ generalised rules (issue 17)

    @Test
    void attributionGluedToTheClosingAboveIsCutAndTheClosingStays() {
        ReplyExtractor.Reply r = extract("It works.", "", "Thanks,", "Anna", "Jane Roe <jane@example.org> 于2025年1月6日周一 09:12写道：",
                "", "> Does it work?");
        assertThat(r.text()).isEqualTo("It works.\n\nThanks,\nAnna");
    }

    @Test
    void attributionWrappedBeforeItsColonLineKeepsNothingOfIt() {
        ReplyExtractor.Reply r = extract("út 9. 3. 2021 v 16:05 odesílatel Jane Roe <jane@example.org>", "napsal:", "> Does it work?", "",
                "It works.");
        assertThat(r.text()).isEqualTo("It works.");
    }

    @Test
    void androidDashAttributionWithoutDateOrAddress() {
        ReplyExtractor.Reply r = extract("It works.", "", "---- Jane Roe wrote ----", "", "Does it work?");
        assertThat(r.text()).isEqualTo("It works.");
    }

    @Test
    void customerSentencesAboutWritingStay() {
        String body = "On Monday I wrote to you about the invoice.\nJane Roe wrote back on 6 Jan 2025 that it was paid:\n\nIt was not.";
        assertThat(extractor.extract(body).text()).isEqualTo(body);
    }

    @Test
    void headersPastedOnTopAreReadOver() {
        ReplyExtractor.Reply r = extract("Od: Jan Kowalski <jan@example.pl>", "Wysłano: środa, 1 marca 2023 12:00", "Do: Anna <anna@example.pl>",
                "Temat: Re: Test", "", "Czesc Anno,", "", "Dnia 28 lutego 2023 14:00 Anna <anna@example.pl> napisał(a):", "> Czesc Janie,");
        assertThat(r.text()).contains("Czesc Anno,").doesNotContain("Dnia 28 lutego").doesNotContain("Czesc Janie");
    }

    @Test
    void framedPhraseAboveAHeaderBlockGoesWithIt() {
        ReplyExtractor.Reply r = extract("It works.", "", "-------- Alkuperäinen viesti --------", "Lähettäjä: Jane <jane@example.org>",
                "Päivämäärä: 6.1.2025 9.12", "Vastaanottaja: support@example.com", "", "Does it work?");
        assertThat(r.text()).isEqualTo("It works.");
    }

    @Test
    void tableRulesAndHeadingUnderlinesAreNotSignatures() {
        String body = "These domains expire:\n\nService Expire Date\n---------------------\nRegistration Jun 27, 2018\n\nKey Points\n==========\nRenew them.";
        assertThat(extractor.extract(body).text()).isEqualTo(body);
    }

    @Test
    void slashNameSignOffIsCut() {
        assertThat(extract("It works.", "", "/Jane").text()).isEqualTo("It works.");
    }

    @Test
    void aClosingOpeningASignatureBlockGoesWithIt() {
        assertThat(extract("It works.", "", "Regards,", "", "Jane Roe", "CEO @ Acme !").text()).isEqualTo("It works.");
        assertThat(extract("It works.", "", "Med venlig hilsen", "Jane Roe", "Afdeling for drift", "Acme A/S").text()).isEqualTo("It works.");
    }

    @Test
    void aLastParagraphThatIsASentenceIsNoSignatureBlock() {
        String body = "It works.\n\nJane Roe\nfrom the support team told me to write back.";
        assertThat(extractor.extract(body).text()).isEqualTo(body);
    }
}
