package postdesk.testing;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Mail people wrote that Postdesk once quarantined (issue 12), shared by the parser's unit tests
 * and the end-to-end tests that send the same bytes through the daemon.
 */
public final class PeoplesMail {
    public static final String SUBJECT = "Printer still broken";
    public static final String TEXT = "Hello, the printer is broken.";

    private PeoplesMail() {
    }

    /**
     * A client broke a second References line in two, the first half ending in spaces and the
     * second without leading white space (so it is no header at all), inserted before header
     * line {@code brokenAt}; a multipart/alternative or a single text part, with {@code eol}
     * line ends.
     */
    public static String sloppyReferences(String eol, boolean multipart, int brokenAt) {
        List<String> head = new ArrayList<>(List.of(
                "From: Alice <alice@customer.test>",
                "To: support@helpdesk.test",
                "Subject: " + SUBJECT,
                "Message-ID: <m1@customer.test>",
                "References: <foo@bar.net>",
                "MIME-Version: 1.0",
                multipart ? "Content-Type: multipart/alternative; boundary=\"alt\"" : "Content-Type: text/plain; charset=utf-8"));
        head.addAll(Math.min(brokenAt, head.size()), List.of("References: <baz@bar.net>, <invalid.   ", "something@bar.net>"));
        List<String> all = new ArrayList<>(head);
        all.add("");
        all.addAll(multipart
                ? List.of("--alt", "Content-Type: text/plain; charset=utf-8", "", TEXT,
                        "--alt", "Content-Type: text/html; charset=utf-8", "", "<p>" + TEXT + "</p>", "--alt--")
                : List.of(TEXT));
        return String.join(eol, all) + eol;
    }

    /**
     * The mail as reported: LF line ends, multipart/alternative, the broken second References
     * after the Content-Type (MIME4J, told to start the body there, failed on it).
     */
    public static String sloppyReferences() {
        return sloppyReferences("\n", true, 7);
    }

    /**
     * A mail from Alice with {@code files} base64 attachments: the first is {@code first}, the
     * others distinct random bytes, {@code size} each.
     */
    public static String withFiles(String subject, byte[] first, int files, int size) {
        Random random = new Random(7);
        StringBuilder b = new StringBuilder("From: Alice <alice@customer.test>\r\nTo: support@helpdesk.test\r\nSubject: " + subject
                + "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"f\"\r\n\r\n--f\r\nContent-Type: text/plain\r\n\r\nFiles.\r\n");
        for (int i = 0; i < files; i++) {
            byte[] content = first;
            if (i > 0) {
                content = new byte[size];
                random.nextBytes(content);
            }
            b.append("--f\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"f").append(i)
                    .append(".bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                    .append(Base64.getMimeEncoder().encodeToString(content)).append("\r\n");
        }
        return b.append("--f--\r\n").toString();
    }
}
