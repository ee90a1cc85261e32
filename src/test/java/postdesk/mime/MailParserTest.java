package postdesk.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import postdesk.mail.Address;
import postdesk.mail.AttachmentInfo;
import postdesk.testing.PeoplesMail;

class MailParserTest {
    private final MailParser parser = new MailParser();

    private static String lines(String... l) {
        return String.join("\r\n", l) + "\r\n";
    }

    private ParsedMail parse(String raw) throws IOException {
        return parser.parse(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static final String HEAD = lines(
            "From: Alice <alice@example.com>",
            "To: support@helpdesk.test",
            "Subject: Printer",
            "Message-ID: <m1@example.com>",
            "MIME-Version: 1.0");

    @Test
    void plainMail() throws IOException {
        ParsedMail m = parse(lines(
                "From: Alice Example <Alice@Example.com>",
                "To: Support <support@helpdesk.test>, bob@example.com",
                "Cc: carol@example.com",
                "Reply-To: alice.private@example.org",
                "Subject: Printer broken",
                "Message-ID: <abc.123@mail.example.com>",
                "Content-Type: text/plain; charset=us-ascii",
                "",
                "Hello,",
                "my printer is broken."));
        assertThat(m.from()).isEqualTo(new Address("Alice Example", "alice@example.com"));
        assertThat(m.to()).extracting(Address::address).containsExactly("support@helpdesk.test", "bob@example.com");
        assertThat(m.cc()).extracting(Address::address).containsExactly("carol@example.com");
        assertThat(m.replyTo()).extracting(Address::address).containsExactly("alice.private@example.org");
        assertThat(m.subject()).isEqualTo("Printer broken");
        assertThat(m.messageId()).isEqualTo("abc.123@mail.example.com");
        assertThat(m.contentType()).isEqualTo("text/plain");
        assertThat(m.text()).isEqualTo("Hello,\nmy printer is broken.\n");
        assertThat(m.html()).isNull();
        assertThat(m.attachments()).isEmpty();
        assertThat(m.header("SUBJECT")).isEqualTo("Printer broken");
    }

    @Test
    void encodedWordsInSubjectAndFromName() throws IOException {
        ParsedMail m = parse(lines(
                "From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@example.de>",
                "To: support@helpdesk.test",
                "Subject: =?UTF-8?B?RHJ1Y2tlciBkZWZla3Qg4oCTIGJpdHRlIGhlbGZlbg==?=",
                "Content-Type: text/plain; charset=utf-8",
                "",
                "Hallo"));
        assertThat(m.from().name()).isEqualTo("Jürgen Müller");
        assertThat(m.from().address()).isEqualTo("juergen@example.de");
        assertThat(m.subject()).isEqualTo("Drucker defekt – bitte helfen");
    }

    @Test
    void encodedWordsInLatin1AndFoldedSubject() throws IOException {
        ParsedMail m = parse(lines(
                "From: =?ISO-8859-1?Q?Fran=E7ois?= <f@example.fr>",
                "Subject: =?ISO-8859-1?Q?Imprimante_cass=E9e?=",
                " =?ISO-8859-1?Q?_au_2=E8me?=",
                "",
                "x"));
        assertThat(m.from().name()).isEqualTo("François");
        assertThat(m.subject()).isEqualTo("Imprimante cassée au 2ème");
    }

    @Test
    void rawUtf8HeadersAreReadAsUtf8() throws IOException {
        // many clients and web forms send unencoded UTF-8 headers (RFC 6532)
        byte[] raw = lines(
                "From: Jürgen Müller <juergen@example.de>",
                "To: support@helpdesk.test",
                "Subject: Drucker defekt – Grüße",
                "Content-Type: text/plain; charset=utf-8",
                "",
                "Hallo").getBytes(StandardCharsets.UTF_8);
        ParsedMail m = parser.parse(raw);
        assertThat(m.subject()).isEqualTo("Drucker defekt – Grüße");
        assertThat(m.from().name()).isEqualTo("Jürgen Müller");
    }

    @Test
    void iso88591Body() throws IOException {
        byte[] raw = (HEAD + lines("Content-Type: text/plain; charset=ISO-8859-1", "Content-Transfer-Encoding: 8bit", "",
                "Grüße aus Köln, café")).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(parser.parse(raw).text()).isEqualTo("Grüße aus Köln, café\n");
    }

    @Test
    void windows1252Body() throws IOException {
        byte[] raw = (HEAD + lines("Content-Type: text/plain; charset=windows-1252", "Content-Transfer-Encoding: 8bit", "",
                "Price: 5 \u20ac \u2013 \u201cquoted\u201d")).getBytes(Charset.forName("windows-1252"));
        assertThat(parser.parse(raw).text()).isEqualTo("Price: 5 € – “quoted”\n");
    }

    @Test
    void quotedPrintableLatin1Body() throws IOException {
        ParsedMail m = parse(HEAD + lines("Content-Type: text/plain; charset=iso-8859-1",
                "Content-Transfer-Encoding: quoted-printable", "", "Gr=FC=DFe, ein sehr langer Satz, der =", "umbrochen ist."));
        assertThat(m.text()).isEqualTo("Grüße, ein sehr langer Satz, der umbrochen ist.\n");
    }

    @Test
    void utf8BodyDeclaredAsAsciiFallsBackToUtf8() throws IOException {
        byte[] raw = (HEAD + lines("Content-Type: text/plain; charset=us-ascii", "Content-Transfer-Encoding: 8bit", "",
                "Grüße")).getBytes(StandardCharsets.UTF_8);
        assertThat(parser.parse(raw).text()).isEqualTo("Grüße\n");
    }

    @Test
    void unknownCharsetFallsBackWithAWarning() throws IOException {
        byte[] raw = (HEAD + lines("Content-Type: text/plain; charset=x-no-such-charset", "Content-Transfer-Encoding: 8bit", "",
                "Grüße")).getBytes(StandardCharsets.UTF_8);
        ParsedMail m = parser.parse(raw);
        assertThat(m.text()).isEqualTo("Grüße\n");
        assertThat(m.warnings()).anyMatch(w -> w.contains("x-no-such-charset"));
    }

    @Test
    void latin1BodyDeclaredAsUtf8FallsBackToWindows1252() throws IOException {
        // the commonest wrong label: 8-bit Latin-1 text sent as "utf-8"
        byte[] raw = (HEAD + lines("Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "",
                "café Grüße")).getBytes(StandardCharsets.ISO_8859_1);
        ParsedMail m = parser.parse(raw);
        assertThat(m.text()).isEqualTo("café Grüße\n");
    }

    @Test
    void htmlOnlyMailBecomesTextWithQuotes() throws IOException {
        ParsedMail m = parse(HEAD + lines("Content-Type: text/html; charset=utf-8", "",
                "<html><head><title>t</title><style>p{color:red}</style></head><body>",
                "<p>Thanks, it works.</p>",
                "<div>On Monday, Support wrote:</div>",
                "<blockquote><p>Please restart it.</p><p>Bye</p></blockquote>",
                "<script>alert(1)</script>",
                "</body></html>"));
        assertThat(m.text()).contains("Thanks, it works.")
                .contains("> Please restart it.")
                .contains("> Bye")
                .doesNotContain("<p>", "alert", "color:red");
        assertThat(m.html()).contains("<blockquote>");
        assertThat(m.text().lines()).contains("Thanks, it works.", "On Monday, Support wrote:");
    }

    @Test
    void alternativePrefersPlainText() throws IOException {
        ParsedMail m = parse(HEAD + lines(
                "Content-Type: multipart/alternative; boundary=\"alt\"",
                "",
                "--alt",
                "Content-Type: text/plain; charset=utf-8",
                "",
                "plain version",
                "--alt",
                "Content-Type: text/html; charset=utf-8",
                "",
                "<p>html version</p>",
                "--alt--"));
        assertThat(m.text()).isEqualTo("plain version");
        assertThat(m.attachments()).isEmpty();
        assertThat(m.contentType()).isEqualTo("multipart/alternative");
    }

    @Test
    void alternativePrefersPlainTextEvenWhenHtmlComesFirst() throws IOException {
        ParsedMail m = parse(HEAD + lines(
                "Content-Type: multipart/alternative; boundary=\"alt\"",
                "",
                "--alt",
                "Content-Type: text/html; charset=utf-8",
                "",
                "<p>html version</p>",
                "--alt",
                "Content-Type: text/plain; charset=utf-8",
                "",
                "plain version",
                "--alt--"));
        assertThat(m.text()).isEqualTo("plain version");
    }

    @Test
    void alternativeWithoutPlainUsesTheRichestPart() throws IOException {
        ParsedMail m = parse(HEAD + lines(
                "Content-Type: multipart/alternative; boundary=\"alt\"",
                "",
                "--alt",
                "Content-Type: text/html; charset=utf-8",
                "",
                "<p>simple html</p>",
                "--alt",
                "Content-Type: multipart/related; boundary=\"rel\"",
                "",
                "--rel",
                "Content-Type: text/html; charset=utf-8",
                "",
                "<p>html <img src=\"cid:logo@x\"></p>",
                "--rel",
                "Content-Type: image/png",
                "Content-ID: <logo@x>",
                "Content-Transfer-Encoding: base64",
                "",
                "iVBORw0KGgo=",
                "--rel--",
                "--alt--"));
        assertThat(m.text()).isEqualTo("html");
        assertThat(meta(m)).containsExactly(new AttachmentInfo("part.png", "image/png", 8, true));
    }

    @Test
    void attachmentsWithNameSizeAndInlineFlag() throws IOException {
        ParsedMail m = parse(HEAD + lines(
                "Content-Type: multipart/mixed; boundary=\"mix\"",
                "",
                "--mix",
                "Content-Type: text/plain; charset=utf-8",
                "",
                "See attached.",
                "--mix",
                "Content-Type: application/pdf; name=\"invoice.pdf\"",
                "Content-Disposition: attachment; filename=\"invoice.pdf\"",
                "Content-Transfer-Encoding: base64",
                "",
                "SGVsbG8gV29ybGQh",
                "--mix",
                "Content-Type: image/png",
                "Content-Disposition: inline; filename=\"screen.png\"",
                "Content-ID: <screen@x>",
                "Content-Transfer-Encoding: base64",
                "",
                "AAECAwQ=",
                "--mix",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Disposition: attachment; filename=\"notes.txt\"",
                "",
                "not body text",
                "--mix--"));
        assertThat(m.text()).isEqualTo("See attached.");
        assertThat(meta(m)).containsExactly(
                new AttachmentInfo("invoice.pdf", "application/pdf", 12, false),
                new AttachmentInfo("screen.png", "image/png", 5, true),
                new AttachmentInfo("notes.txt", "text/plain", "not body text".length(), false));
    }

    @Test
    void encodedAttachmentFilename() throws IOException {
        ParsedMail m = parse(HEAD + lines(
                "Content-Type: multipart/mixed; boundary=\"mix\"",
                "",
                "--mix",
                "Content-Type: text/plain",
                "",
                "x",
                "--mix",
                "Content-Type: application/octet-stream",
                "Content-Disposition: attachment; filename=\"=?UTF-8?Q?Rechnung_M=C3=A4rz.pdf?=\"",
                "",
                "abc",
                "--mix--"));
        assertThat(m.attachments()).extracting(AttachmentInfo::filename).containsExactly("Rechnung März.pdf");
    }

    @Test
    void pathTraversalInFilenameBecomesABareName() throws IOException {
        ParsedMail m = parse(HEAD + lines(
                "Content-Type: multipart/mixed; boundary=\"mix\"",
                "",
                "--mix",
                "Content-Type: text/plain",
                "",
                "x",
                "--mix",
                "Content-Type: application/octet-stream",
                "Content-Disposition: attachment; filename=\"../../etc/passwd\"",
                "",
                "root:x:0:0",
                "--mix",
                "Content-Type: application/octet-stream",
                "Content-Disposition: attachment; filename=\"..\\\\..\\\\windows\\\\win.ini\"",
                "",
                "x",
                "--mix",
                "Content-Type: application/octet-stream",
                "Content-Disposition: attachment; filename=\"..\"",
                "",
                "x",
                "--mix--"));
        assertThat(m.attachments()).extracting(AttachmentInfo::filename).containsExactly("passwd", "win.ini", "unnamed");
    }

    @Test
    void safeNameRemovesDirectoriesDotsAndControlCharacters() {
        assertThat(MailParser.safeName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(MailParser.safeName("C:\\Users\\x\\evil.exe")).isEqualTo("evil.exe");
        assertThat(MailParser.safeName(".htaccess")).isEqualTo("htaccess");
        assertThat(MailParser.safeName("a\r\nb<c>:d?.txt")).isEqualTo("a__b_c__d_.txt");
        assertThat(MailParser.safeName("   ")).isEqualTo("unnamed");
        assertThat(MailParser.safeName("dir/")).isEqualTo("unnamed");
        assertThat(MailParser.safeName("x".repeat(300))).hasSize(200);
    }

    @Test
    void safeNameDropsInvisibleFormatCharacters() {
        assertThat(MailParser.safeName("invoice\u202Efdp.exe")).isEqualTo("invoicefdp.exe");
        for (char c : new char[] {'\u202A', '\u202B', '\u202C', '\u202D', '\u2066', '\u2067', '\u2068', '\u2069',
                '\u200E', '\u200F', '\u061C', '\u200B', '\u2060', '\uFEFF', '\u00AD'}) {
            assertThat(MailParser.safeName("re" + c + "port" + c + ".pdf")).as("U+%04X", (int) c).isEqualTo("report.pdf");
        }
        assertThat(MailParser.safeName("a\u0085b\u2028c.txt")).isEqualTo("a_b_c.txt"); // C1 control, line separator
        assertThat(MailParser.safeName("\u202E\u202E")).isEqualTo("unnamed");
        assertThat(MailParser.safeName("Résumé 日本.pdf")).isEqualTo("Résumé 日本.pdf");
    }

    @Test
    void safeNameShortensTheStemAndKeepsTheExtension() {
        String cut = MailParser.safeName("Quarterly report " + "x".repeat(300) + " final v2.pdf");
        assertThat(cut).hasSize(MailParser.MAX_NAME).startsWith("Quarterly report x").endsWith("x final v2.pdf").contains("\u2026");
        assertThat(MailParser.safeName("y".repeat(300))).hasSize(MailParser.MAX_NAME).startsWith("yyy").endsWith("y");
        assertThat(MailParser.safeName("z".repeat(150) + "." + "e".repeat(100))).hasSize(MailParser.MAX_NAME).endsWith("e"); // no extension that long
        String emoji = MailParser.safeName("\uD83D\uDE00".repeat(150) + ".png");
        assertThat(emoji).endsWith(".png").hasSizeLessThanOrEqualTo(MailParser.MAX_NAME);
        assertThat(emoji.replace("\u2026", "").codePoints()).allMatch(cp -> cp == 0x1F600 || cp == '.' || cp == 'p' || cp == 'n' || cp == 'g');
    }

    @Test
    void forwardedMessageIsAnAttachmentAndItsTextIsRead() throws IOException {
        ParsedMail m = parse(HEAD + lines(
                "Content-Type: multipart/mixed; boundary=\"mix\"",
                "",
                "--mix",
                "Content-Type: text/plain",
                "",
                "see below",
                "--mix",
                "Content-Type: message/rfc822",
                "",
                "From: bob@example.com",
                "Subject: ../secret",
                "",
                "inner",
                "--mix--"));
        assertThat(m.text()).isEqualTo("see below\n\n---------- Forwarded message ----------\nFrom: bob@example.com\nSubject: ../secret\n\ninner");
        assertThat(m.attachments()).singleElement().satisfies(a -> {
            assertThat(a.filename()).isEqualTo("secret.eml");
            assertThat(a.contentType()).isEqualTo("message/rfc822");
            assertThat(a.size()).isPositive();
            assertThat(a.inline()).isFalse();
        });
    }

    @Test
    void aMailAttachedAsAFileIsOnlyAnAttachment() throws IOException {
        ParsedMail m = parse(HEAD + lines(
                "Content-Type: multipart/mixed; boundary=\"mix\"",
                "",
                "--mix",
                "Content-Type: text/plain",
                "",
                "the eml file is attached",
                "--mix",
                "Content-Type: message/rfc822; name=\"sample.eml\"",
                "Content-Disposition: attachment; filename=\"sample.eml\"",
                "",
                "From: bob@example.com",
                "Subject: Old",
                "",
                "inner",
                "--mix--"));
        assertThat(m.text()).isEqualTo("the eml file is attached");
        assertThat(m.attachments()).extracting(AttachmentInfo::filename).containsExactly("sample.eml");
    }

    @Test
    void inReplyToAndReferences() throws IOException {
        ParsedMail m = parse(lines(
                "From: alice@example.com",
                "Subject: Re: Printer",
                "Message-ID: <r2@example.com>",
                "In-Reply-To: <pd.tkt-abcde-fghj.xyz@helpdesk.test> (Support's message)",
                "References: <first@example.com>",
                "  <pd.tkt-abcde-fghj.aaa@helpdesk.test>",
                "\t<pd.tkt-abcde-fghj.xyz@helpdesk.test>",
                "",
                "ok"));
        assertThat(m.inReplyTo()).containsExactly("pd.tkt-abcde-fghj.xyz@helpdesk.test");
        assertThat(m.references()).containsExactly("first@example.com", "pd.tkt-abcde-fghj.aaa@helpdesk.test",
                "pd.tkt-abcde-fghj.xyz@helpdesk.test");
        // most specific first: In-Reply-To, then References newest first, no duplicates
        assertThat(m.threadIds()).containsExactly("pd.tkt-abcde-fghj.xyz@helpdesk.test",
                "pd.tkt-abcde-fghj.aaa@helpdesk.test", "first@example.com");
    }

    @Test
    void missingThreadHeadersAreEmpty() throws IOException {
        ParsedMail m = parse(lines("From: alice@example.com", "Subject: x", "", "y"));
        assertThat(m.messageId()).isNull();
        assertThat(m.inReplyTo()).isEmpty();
        assertThat(m.references()).isEmpty();
        assertThat(m.threadIds()).isEmpty();
    }

    @Test
    void messageIdWithoutBrackets() throws IOException {
        ParsedMail m = parse(lines("From: alice@example.com", "Message-ID: bare.id@example.com", "", "y"));
        assertThat(m.messageId()).isEqualTo("bare.id@example.com");
    }

    @Test
    void missingFromIsAWarningNotAnError() throws IOException {
        ParsedMail m = parse(lines("Subject: x", "", "y"));
        assertThat(m.from().address()).isEmpty();
        assertThat(m.warnings()).anyMatch(w -> w.contains("From"));
        assertThat(m.subject()).isEqualTo("x");
    }

    @Test
    void missingSubjectIsEmpty() throws IOException {
        assertThat(parse(lines("From: a@example.com", "", "y")).subject()).isEmpty();
    }

    @Test
    void garbageAndTruncatedInputDoNotThrow() {
        byte[][] inputs = {
                new byte[0],
                "\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "garbage without any headers at all".getBytes(StandardCharsets.US_ASCII),
                (HEAD + lines("Content-Type: multipart/mixed; boundary=\"mix\"", "", "--mix",
                        "Content-Type: application/pdf", "Content-Transfer-Encoding: base64", "",
                        "JVBERi0xLj")).getBytes(StandardCharsets.US_ASCII),
                (HEAD + lines("Content-Type: multipart/mixed", "", "no boundary given")).getBytes(StandardCharsets.US_ASCII),
                (HEAD + lines("Content-Type: text/plain; charset=\"", "Content-Transfer-Encoding: base64", "", "!!!not base64!!!"))
                        .getBytes(StandardCharsets.US_ASCII),
                ("From: =?UTF-8?B?broken\r\nSubject: =?x?Q?=ZZ?=\r\nTo: <<<>>>@@\r\n\r\nhi").getBytes(StandardCharsets.US_ASCII),
                randomBytes(),
        };
        for (byte[] raw : inputs) {
            assertThatCode(() -> {
                ParsedMail m = parser.parse(raw);
                assertThat(m).isNotNull();
                assertThat(m.text()).isNotNull();
                assertThat(m.subject()).isNotNull();
            }).as("parsing %s", new String(raw, 0, Math.min(raw.length, 40), StandardCharsets.ISO_8859_1))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void deeplyNestedMultipartsAreCutOffWithAWarning() throws IOException {
        StringBuilder b = new StringBuilder(HEAD);
        int depth = 60;
        for (int i = 0; i < depth; i++) {
            b.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b").append(i).append("\r\n");
        }
        b.append("Content-Type: text/plain\r\n\r\ndeep\r\n");
        for (int i = depth - 1; i >= 0; i--) b.append("--b").append(i).append("--\r\n");
        ParsedMail m = parse(b.toString());
        assertThat(m.warnings()).anyMatch(w -> w.contains("nested"));
    }

    @Test
    void aHeaderLineBrokenByTheSenderCostsThatLineNotTheMail() throws IOException {
        ParsedMail m = parse(PeoplesMail.sloppyReferences());
        assertThat(m.from().address()).isEqualTo("alice@customer.test");
        assertThat(m.subject()).isEqualTo(PeoplesMail.SUBJECT);
        assertThat(m.messageId()).isEqualTo("m1@customer.test");
        assertThat(m.references()).containsExactly("foo@bar.net", "baz@bar.net");
        assertThat(m.contentType()).isEqualTo("multipart/alternative");
        assertThat(m.text()).isEqualTo(PeoplesMail.TEXT);
        assertThat(m.warnings()).anyMatch(w -> w.contains("Invalid header"));
    }

    @Test
    void aBrokenHeaderLineAnywhereInAnyMailIsSurvived() throws IOException {
        for (String eol : java.util.List.of("\n", "\r\n", "\r")) {
            for (boolean multipart : new boolean[] {true, false}) {
                for (int at = 0; at <= 7; at++) {
                    String raw = PeoplesMail.sloppyReferences(eol, multipart, at);
                    String name = (multipart ? "multipart" : "single part") + ", broken line at " + at + ", " + eol.replace("\r", "CR").replace("\n", "LF");
                    ParsedMail m = parse(raw);
                    assertThat(m.from().address()).as(name).isEqualTo("alice@customer.test");
                    assertThat(m.subject()).as(name).isEqualTo(PeoplesMail.SUBJECT);
                    assertThat(m.contentType()).as(name).isEqualTo(multipart ? "multipart/alternative" : "text/plain");
                    assertThat(m.text()).as(name).isEqualTo(multipart ? PeoplesMail.TEXT : PeoplesMail.TEXT + "\n");
                    assertThat(m.references()).as(name).containsExactlyInAnyOrder("foo@bar.net", "baz@bar.net");
                }
            }
        }
    }

    @Test
    void aBrokenHeaderLineInAPartAboveANestedMultipartIsSkipped() throws IOException {
        ParsedMail m = parse(HEAD + lines(
                "Content-Type: multipart/mixed; boundary=\"mix\"",
                "",
                "--mix",
                "Content-Type: multipart/alternative; boundary=\"alt\"",
                "X-Note: a value the client broke",
                "in two",
                "",
                "--alt",
                "Content-Type: text/plain",
                "",
                "Hello from the inner part.",
                "--alt--",
                "--mix",
                "Content-Type: application/pdf",
                "Content-Disposition: attachment; filename=\"a.pdf\"",
                "",
                "%PDF",
                "--mix--"));
        assertThat(m.text()).isEqualTo("Hello from the inner part.");
        assertThat(m.attachments()).extracting(AttachmentInfo::filename).containsExactly("a.pdf");
    }

    @Test
    void aBodyThatFollowsTheHeaderWithoutABlankLineIsKept() throws IOException {
        ParsedMail m = parse("From: alice@example.com\nSubject: no gap\nHello,\nthe printer is broken.\n\nAlice\n");
        assertThat(m.subject()).isEqualTo("no gap");
        assertThat(m.text()).isEqualTo("Hello,\nthe printer is broken.\n\nAlice\n");
        assertThat(m.warnings()).anyMatch(w -> w.contains("no blank line"));
        assertThat(parse("Hello, no header at all\r\nsecond line\r\n").text()).isEqualTo("Hello, no header at all\nsecond line\n");
        assertThat(parse("From: alice@example.com\nSubject: greeting\nHi Bob,\n\nthe printer.\n").text()).isEqualTo("Hi Bob,\n\nthe printer.\n");
    }

    @Test
    void aFromHeaderWithWhiteSpaceBeforeTheColonIsNoMboxSeparator() throws IOException {
        ParsedMail m = parse(lines("From  : Alice <alice@example.com>", "Subject: obsolete syntax", "", "y"));
        assertThat(m.from().address()).isEqualTo("alice@example.com");
        assertThat(m.warnings()).noneMatch(w -> w.contains("mbox"));
    }

    /** The attachments' metadata, without content hashes. */
    /** Mixed line ends (CRLF, LF and a bare CR in one header) and CR CR LF: every header is kept, no blank line appears. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"mixed", "crcrlf", "cr"})
    void oddLineEndsKeepEveryHeader(String shape) throws IOException {
        String[] ends = {"\r\n", "\n", "\r"};
        String[] lines = {"Message-ID: <odd@example.org>", "From: Alice <alice@example.org>", "To: support@helpdesk.test",
                "Subject: Odd ends", "Content-Type: text/plain; charset=utf-8", "", "First line", "Second line", ""};
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String end = switch (shape) {
                case "mixed" -> ends[i % 3];
                case "crcrlf" -> "\r\r\n";
                default -> "\r";
            };
            raw.append(lines[i]).append(end);
        }
        ParsedMail m = parse(raw.toString());
        assertThat(m.from().address()).isEqualTo("alice@example.org");
        assertThat(m.subject()).isEqualTo("Odd ends");
        assertThat(m.messageId()).isEqualTo("odd@example.org");
        assertThat(m.text().strip().lines().toList()).containsExactly("First line", "Second line");
    }

    private static java.util.List<AttachmentInfo> meta(ParsedMail m) {
        return m.attachments().stream().map(a -> new AttachmentInfo(a.filename(), a.contentType(), a.size(), a.inline())).toList();
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[4096];
        new java.util.Random(1).nextBytes(b);
        return Arrays.copyOf(b, b.length);
    }
    // ------------------------------------------------------------------ lists that rewrite From (DMARC)

    private Address fromOf(String... headers) throws IOException {
        return parse(lines(headers) + lines("To: support@helpdesk.test", "Subject: Printer", "", "It is broken.")).from();
    }

    @Test
    void mailmanMungedFromGivesTheAuthorFromReplyTo() throws IOException {
        assertThat(fromOf("From: Jane Roe via Users <users@lists.example.org>", "Reply-To: Jane Roe <jane@example.org>",
                "List-Id: Users <users.lists.example.org>"))
                .isEqualTo(new Address("Jane Roe", "jane@example.org"));
        // the author in Cc when replies go to the list
        assertThat(fromOf("From: \"Jane Roe via Users\" <users@lists.example.org>", "Reply-To: users@lists.example.org",
                "Cc: Jane Roe <jane@example.org>", "List-Post: <mailto:users@lists.example.org>"))
                .isEqualTo(new Address("Jane Roe", "jane@example.org"));
    }

    @Test
    void googleGroupsMungedFromGivesTheAuthorFromXOriginalFrom() throws IOException {
        assertThat(fromOf("From: 'Jane Roe' via Printers <printers@groups.example.com>", "X-Original-From: Jane Roe <jane@example.org>"))
                .isEqualTo(new Address("Jane Roe", "jane@example.org"));
    }

    @Test
    void aNameWithViaIsLeftAloneWithoutAListOrAMatchingAuthor() throws IOException {
        // no list headers: a person's name that happens to hold "via"
        assertThat(fromOf("From: Marco via Roma <marco@example.it>", "Reply-To: Someone Else <other@example.org>"))
                .isEqualTo(new Address("Marco via Roma", "marco@example.it"));
        // a list, but no mailbox with the author's name: From stays
        assertThat(fromOf("From: Jane Roe via Users <users@lists.example.org>", "Reply-To: Bob <bob@example.org>", "List-Id: <users.lists.example.org>"))
                .isEqualTo(new Address("Jane Roe via Users", "users@lists.example.org"));
    }
    @Test
    void unlabelledCyrillicAndLatinFileNamesAreGuessedNotMangled() throws IOException {
        for (String[] c : new String[][] {{"KOI8-R", "отчет за май.doc"}, {"windows-1251", "отчет за май.doc"}, {"windows-1252", "café résumé.pdf"}}) {
            byte[] name = c[1].getBytes(Charset.forName(c[0]));
            byte[] raw = concat((HEAD + lines("Content-Type: multipart/mixed; boundary=\"b\"", "", "--b", "Content-Type: text/plain", "", "see file",
                    "--b", "Content-Type: application/octet-stream")).getBytes(StandardCharsets.US_ASCII),
                    "Content-Disposition: attachment; filename=\"".getBytes(StandardCharsets.US_ASCII), name,
                    ("\"\r\n\r\nAAAA\r\n--b--\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(parser.parse(raw).attachments()).extracting(AttachmentInfo::filename).as(c[0]).containsExactly(c[1]);
        }
    }

    @Test
    void anUnnamedDetachedSignatureIsNoAttachment() throws IOException {
        ParsedMail m = parse(HEAD + lines("Content-Type: multipart/signed; protocol=\"application/pgp-signature\"; micalg=pgp-sha256; boundary=\"s\"",
                "", "--s", "Content-Type: text/plain", "", "signed text", "--s", "Content-Type: application/pgp-signature", "",
                "-----BEGIN PGP SIGNATURE-----", "iQEz", "-----END PGP SIGNATURE-----", "--s--"));
        assertThat(m.text()).isEqualTo("signed text");
        assertThat(m.attachments()).isEmpty();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
    @Test
    void aMultipartWhoseBoundaryNeverComesKeepsItsText() throws IOException {
        ParsedMail m = parse(HEAD + lines("Content-Type: multipart/report; report-type=delivery-status; boundary=\"never\"", "",
                "The original message was received at Thu, 29 Apr 1999", "", "Final-Recipient: RFC822; bob@example.org", "Action: failed",
                "Status: 5.5.0"));
        assertThat(m.text()).contains("The original message was received").contains("Status: 5.5.0");
        assertThat(m.warnings()).anyMatch(w -> w.contains("without any part"));
    }

}
