package postdesk.bounce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import postdesk.mime.MailParser;
import postdesk.mime.ParsedMail;
import postdesk.reading.Classifier;
import postdesk.reading.MailKind;

/** Bounce details from hand-made reports and text bounces in the layouts common MTAs use. */
class BounceReaderTest {
    private final BounceReader reader = new BounceReader();
    private final Classifier classifier = new Classifier();

    private static ParsedMail parse(String raw) throws IOException {
        return new MailParser().parse(raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A multipart/report with the given delivery-status fields. */
    private static ParsedMail dsn(String notice, String fields) throws IOException {
        return parse("""
                From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
                To: support@helpdesk.test
                Subject: Undelivered Mail Returned to Sender
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

                --b1
                Content-Type: text/plain

                %s
                --b1
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example.net

                %s
                --b1
                Content-Type: text/rfc822-headers

                From: support@helpdesk.test
                To: bob@example.org
                Subject: [TKT-ABCDE-FGHJ] Your request
                Message-ID: <out-1@helpdesk.test>

                --b1--
                """.formatted(notice, fields));
    }

    /** A plain-text bounce from a daemon with a null return path. */
    private static ParsedMail textBounce(String subject, String body) throws IOException {
        return parse("""
                Return-Path: <>
                From: Mail Delivery System <mailer-daemon@mx.example.net>
                To: support@helpdesk.test
                Subject: %s
                Content-Type: text/plain; charset=us-ascii

                %s""".formatted(subject, body));
    }

    @Test
    void dsnStatusRefinedByDiagnostic() throws IOException {
        Bounce b = reader.read(dsn("Your mail could not be delivered.", """
                Final-Recipient: rfc822; bob@example.org
                Action: failed
                Status: 5.0.0
                Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>... User unknown
                """));
        assertThat(b.recipients()).extracting(Bounce.Recipient::address, Bounce.Recipient::status, Bounce.Recipient::action)
                .containsExactly(tuple("bob@example.org", "5.1.1", "failed"));
        assertThat(b.originalMessageId()).isEqualTo("out-1@helpdesk.test");
        assertThat(b.permanentFailures()).hasSize(1);
    }

    @Test
    void dsnClassConflictSettledByReplyCode() throws IOException {
        Bounce b = reader.read(dsn("", """
                Final-Recipient: rfc822; bob@example.org
                Action: failed
                Status: 4.5.0
                Diagnostic-Code: smtp; 550 5.5.0 Service refused
                """));
        assertThat(b.recipients()).extracting(Bounce.Recipient::status).containsExactly("5.5.0");
    }

    @Test
    void expiredCodeGivesWayToTheCauseBehindIt() throws IOException {
        Bounce b = reader.read(dsn("", """
                Final-Recipient: rfc822; bob@example.org
                Action: failed
                Status: 4.4.7
                Diagnostic-Code: smtp; 554 4.4.7 Message expired: unable to deliver <421 4.4.2 Connection timed out>
                """));
        assertThat(b.recipients()).extracting(Bounce.Recipient::status).containsExactly("4.4.2");
    }

    @Test
    void recipientsWithoutBlankLineBetweenThemAreTwo() throws IOException {
        Bounce b = reader.read(dsn("", """
                Final-Recipient: rfc822; bob@example.org
                Action: failed
                Status: 5.2.2
                Final-Recipient: rfc822; carol@example.org
                Action: failed
                Status: 5.1.1
                """));
        assertThat(b.recipients()).extracting(Bounce.Recipient::address, Bounce.Recipient::status)
                .containsExactly(tuple("bob@example.org", "5.2.2"), tuple("carol@example.org", "5.1.1"));
    }

    @Test
    void generic5xxStatusTakesTheCodeTheNoticeStates() throws IOException {
        Bounce b = reader.read(dsn("<bob@example.org>: host mx.example.org said: 550 5.7.25 no PTR record", """
                Final-Recipient: rfc822; bob@example.org
                Action: failed
                Status: 5.0.0
                """));
        assertThat(b.recipients()).extracting(Bounce.Recipient::status).containsExactly("5.7.25");
    }

    @Test
    void delayReportIsABounceWithoutPermanentFailures() throws IOException {
        ParsedMail m = dsn("This is a warning only. It will be retried.", """
                Final-Recipient: rfc822; bob@example.org
                Action: delayed
                Status: 4.4.1
                """);
        assertThat(classifier.classify(m)).isEqualTo(MailKind.BOUNCE);
        Bounce b = reader.read(m);
        assertThat(b.recipients()).extracting(Bounce.Recipient::status, Bounce.Recipient::action).containsExactly(tuple("4.4.1", "delayed"));
        assertThat(b.permanentFailures()).isEmpty();
    }

    @Test
    void successReportIsADeliveryReport() throws IOException {
        ParsedMail m = dsn("Your message was delivered.", """
                Final-Recipient: rfc822; bob@example.org
                Action: delivered
                Status: 2.0.0
                """);
        assertThat(classifier.classify(m)).isEqualTo(MailKind.DELIVERY_REPORT);
    }

    @Test
    void eximStyleTextBounceWithTwoRecipients() throws IOException {
        ParsedMail m = textBounce("Mail delivery failed: returning message to sender", """
                This message was created automatically by mail delivery software.

                A message that you sent could not be delivered to one or more of its
                recipients. This is a permanent error. The following address(es) failed:

                  bob@example.org
                    host mx.example.org [198.51.100.7]
                    SMTP error from remote mail server after RCPT TO:<bob@example.org>:
                    550 5.2.2 <bob@example.org>... Mailbox full
                  carol@example.org
                    host mx.example.org [198.51.100.7]
                    SMTP error from remote mail server after RCPT TO:<carol@example.org>:
                    550 5.1.1 <carol@example.org>... User unknown

                ------ This is a copy of the message, including all the headers. ------

                Return-path: <support@helpdesk.test>
                From: support@helpdesk.test
                To: bob@example.org, carol@example.org
                Message-ID: <out-2@helpdesk.test>
                Subject: Your request

                Hello
                """);
        assertThat(classifier.classify(m)).isEqualTo(MailKind.BOUNCE);
        Bounce b = reader.read(m);
        assertThat(b.recipients()).extracting(Bounce.Recipient::address, Bounce.Recipient::status)
                .containsExactly(tuple("bob@example.org", "5.2.2"), tuple("carol@example.org", "5.1.1"));
        assertThat(b.originalMessageId()).isEqualTo("out-2@helpdesk.test");
    }

    @Test
    void qmailStyleBounceKeepsItsCodeAndIgnoresIpAddressesAndVersions() throws IOException {
        ParsedMail m = textBounce("failure notice", """
                Hi. This is the qmail-send program at mx.example.net (qmail 1.03, Exim 4.69 relay 2.0.0.1).
                I'm afraid I wasn't able to deliver your message to the following addresses.
                This is a permanent error; I've given up. Sorry it didn't work out.

                <bob@example.org>:
                Connected to 192.0.2.5 but connection died. (#4.4.2)
                I'm not going to try again; this message has been in the queue too long.

                --- Below this line is a copy of the message.

                From: support@helpdesk.test
                To: bob@example.org
                """);
        Bounce b = reader.read(m);
        assertThat(b.recipients()).extracting(Bounce.Recipient::address, Bounce.Recipient::status, Bounce.Recipient::action)
                .containsExactly(tuple("bob@example.org", "4.4.2", "failed"));
    }

    @Test
    void noticeWithoutCodeIsPermanentUnlessItSaysTemporaryAndItsProseGivesTheStatus() throws IOException {
        Bounce permanent = reader.read(textBounce("Undeliverable: Your request", """
                Your message did not reach some or all of the intended recipients.

                      bob@example.org on 01/02/2024 10:00
                            The e-mail account does not exist at the organization this message was sent to.
                """));
        assertThat(permanent.recipients()).extracting(Bounce.Recipient::address, Bounce.Recipient::status)
                .containsExactly(tuple("bob@example.org", "5.1.1"));

        Bounce temporary = reader.read(textBounce("Delivery status notification: warning", """
                A message is delayed for more than 10 minutes for the following list of recipients:

                bob@example.org: Network error on destination MXs

                Please note that this is only a temporary failure report.
                """));
        assertThat(temporary.recipients()).extracting(Bounce.Recipient::status, Bounce.Recipient::action)
                .containsExactly(tuple("4.4.1", "delayed"));

        Bounce plain = reader.read(textBounce("Undeliverable: Your request", """
                Your message could not be delivered to the following recipients:

                      bob@example.org
                """));
        assertThat(plain.recipients()).extracting(Bounce.Recipient::status).containsExactly("5.0.0");
    }

    @Test
    void proseReasonsGiveTheirStatusInAnyMtasWording() throws IOException {
        String[][] cases = {
                {"Mailbox is full", "5.2.2"}, {"quota exceeded", "5.2.2"}, {"No such user here", "5.1.1"},
                {"Host unknown (Name server: example.org: host not found)", "5.1.2"}, {"Message size exceeds fixed maximum message size", "5.3.4"},
                {"Relay access denied", "5.7.1"}, {"This account has been disabled", "5.2.1"}};
        for (String[] c : cases) {
            Bounce b = reader.read(textBounce("Undeliverable: Your request", "Your message could not be delivered.\n\n      bob@example.org\n            " + c[0] + "\n"));
            assertThat(b.recipients()).extracting(Bounce.Recipient::status).as(c[0]).containsExactly(c[1]);
        }
    }

    @Test
    void sendmailTranscriptNamesEachRecipientWithItsReply() throws IOException {
        Bounce b = reader.read(textBounce("Returned mail: User unknown", """
                   ----- Transcript of session follows -----
                554 <bob@example.org>... Remote protocol error
                550 <carol@example.net>... 550 Host unknown
                   ----- Unsent message follows -----
                From: support@helpdesk.test
                To: bob@example.org, carol@example.net
                """));
        assertThat(b.recipients()).extracting(Bounce.Recipient::address, Bounce.Recipient::status)
                .containsExactly(tuple("bob@example.org", "5.0.0"), tuple("carol@example.net", "5.0.0"));
    }

    @Test
    void failedRecipientsHeaderNamesTheAddresses() throws IOException {
        ParsedMail m = parse("""
                From: relay@mx.example.net
                To: support@helpdesk.test
                Subject: Returned mail
                X-Failed-Recipients: bob@example.org
                Content-Type: text/plain

                The mail to bob@example.org failed: 550 5.1.10 recipient not found
                """);
        assertThat(reader.read(m).recipients()).extracting(Bounce.Recipient::address, Bounce.Recipient::status)
                .containsExactly(tuple("bob@example.org", "5.1.10"));
    }

    @Test
    void withoutNamedRecipientTheReturnedMessagesAddresseeIsTaken() throws IOException {
        Bounce b = reader.read(textBounce("Undeliverable Message", """
                Message could not be delivered to mobile.
                Error: No valid recipients for this MM

                Original Message:
                From: Support <support@helpdesk.test>
                To: 5550100@mms.example.com
                Subject: test
                """));
        assertThat(b.recipients()).extracting(Bounce.Recipient::address).containsExactly("5550100@mms.example.com");
    }

    @Test
    void hugeTextsAreReadQuickly() {
        String run = "a".repeat(2_000_000);
        String digits = "1.2".repeat(300_000);
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> {
            ParsedMail m = textBounce("Undeliverable", run + "\n" + digits + "\nbob@example.org: 550 " + run);
            assertThat(classifier.classify(m)).isEqualTo(MailKind.BOUNCE);
            reader.read(m);
        });
    }

    @Test
    void deliveryStatusFindsOnlyRealCodes() {
        assertThat(DeliveryStatus.find("host 192.0.2.55 said 550 5.1.1 unknown")).isEqualTo("5.1.1");
        assertThat(DeliveryStatus.find("Exim 4.69, version 4.8.3.54, v5.1.1")).isNull();
        assertThat(DeliveryStatus.find("5.1.0 - Unknown address error 550-'5.7.1 Access denied'")).isEqualTo("5.7.1");
        assertThat(DeliveryStatus.find("550 #5.1.0 Address rejected")).isEqualTo("5.1.0");
        assertThat(DeliveryStatus.replyCode("Customer Support at 555-0100, 2024-01-02")).isNull();
        assertThat(DeliveryStatus.replyCode("<<< 452 Mailbox full")).isEqualTo("452");
    }
}
