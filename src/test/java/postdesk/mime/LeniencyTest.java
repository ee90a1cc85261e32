package postdesk.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * Each leniency the README claims for the parser, on a small mail of its own: what real clients
 * send, and what a strict reading would garble or lose.
 */
class LeniencyTest {
    private final MailParser parser = new MailParser();

    private static byte[] mail(String headers, byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("From: Alice <alice@example.org>\r\nTo: support@helpdesk.test\r\nMessage-ID: <lenient@example.org>\r\n" + headers
                + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aUtf8CharacterSplitAcrossTwoEncodedWordsIsJoined() throws IOException {
        // "Grüße": the two bytes of "ü" land in two words (RFC 2047 forbids it, clients do it)
        ParsedMail m = parser.parse(mail("Subject: =?utf-8?B?R3LD?= =?utf-8?B?vMOfZQ==?=\r\n", ascii("Hi\r\n")));
        assertThat(m.subject()).isEqualTo("Grüße");
    }

    @Test
    void rawEightBitBytesInsideAnEncodedWordAreDecodedByItsCharset() throws IOException {
        byte[] subject = "Subject: =?utf-8?Q?Caf\u00e9_au_lait?=\r\n".getBytes(StandardCharsets.UTF_8);
        ParsedMail m = parser.parse(mail(new String(subject, StandardCharsets.ISO_8859_1), ascii("Hi\r\n")));
        assertThat(m.subject()).isEqualTo("Café au lait");
    }

    @Test
    void anEncodedWordWithALanguageTagIsDecoded() throws IOException {
        // RFC 2231 section 5: charset*language inside an RFC 2047 word
        ParsedMail m = parser.parse(mail("Subject: =?utf-8*en?Q?Hello_w=C3=B6rld?=\r\n", ascii("Hi\r\n")));
        assertThat(m.subject()).isEqualTo("Hello wörld");
    }

    @Test
    void anRfc2231FilenameInContinuationsIsJoinedAndDecoded() throws IOException {
        byte[] raw = mail("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\nSubject: file\r\n", ascii(
                "--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
                        + "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment;\r\n"
                        + " filename*0*=utf-8''R%C3%A9sum;\r\n filename*1*=%C3%A9%20final;\r\n filename*2=\".pdf\"\r\n"
                        + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n"));
        assertThat(parser.parse(raw).attachments()).singleElement().satisfies(a -> assertThat(a.filename()).isEqualTo("Résumé final.pdf"));
    }

    @Test
    void anUnlabelledKoi8rBodyIsReadAsRussian() throws IOException {
        byte[] body = "Привет, у меня не работает принтер.\r\n".getBytes(Charset.forName("KOI8-R"));
        ParsedMail m = parser.parse(mail("Subject: printer\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n", body));
        assertThat(m.text()).contains("Привет, у меня не работает принтер.");
    }

    @Test
    void utf7WithAStrayPlusKeepsEveryCharacter() throws IOException {
        ParsedMail m = parser.parse(mail("Subject: sums\r\nContent-Type: text/plain; charset=utf-7\r\n",
                ascii("1+1=2 and C++, caf+AOk-\r\n")));
        assertThat(m.text()).contains("1+1=2 and C++, café");
    }

    @Test
    void anXUuencodedPartIsDecodedEvenWithoutItsEndLine() throws IOException {
        byte[] raw = mail("Subject: old client\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-uuencode\r\n",
                ascii("begin 644 note.txt\r\n:2&5L;&\\@9G)O;2!A;B!O;&0@8VQI96YT+@H \r\n`\r\n"));
        assertThat(parser.parse(raw).text()).contains("Hello from an old client.");
    }
}
