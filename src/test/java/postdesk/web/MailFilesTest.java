package postdesk.web;

import static org.assertj.core.api.Assertions.assertThat;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.BOB;
import static postdesk.testing.MailWorld.SUPPORT;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.testing.MailWorld;
import postdesk.ticket.TicketId;

/** Inline images, attachments and a mail's own HTML on the status pages, through a real HTTP client. */
class MailFilesTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** A 2×2 PNG, made here so its bytes are known. */
    static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** An HTML mail with a pasted picture (cid:), a remote tracking pixel, an SVG with script and a PDF. */
    static String htmlMail(String from, byte[] png) {
        String b64 = Base64.getMimeEncoder().encodeToString(png);
        return "From: " + from + "\r\nTo: " + SUPPORT + "\r\nSubject: Screenshot of the error\r\nMessage-ID: <shot-" + from.charAt(0)
                + "@customer.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n\r\n"
                + "--m\r\nContent-Type: multipart/related; boundary=\"r\"\r\n\r\n"
                + "--r\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                + "<p>See the <b>error</b>:</p><p><img src=\"cid:shot1@customer.test\" alt=\"screenshot\"></p>"
                + "<img src=\"http://127.0.0.1:9/track.png\" alt=\"tracker\"><script>window.pwned=1</script>\r\n"
                + "--r\r\nContent-Type: image/png; name=\"shot.png\"\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-ID: <shot1@customer.test>\r\nContent-Disposition: inline; filename=\"shot.png\"\r\n\r\n" + b64 + "\r\n--r--\r\n"
                + "--m\r\nContent-Type: image/svg+xml; name=\"logo.svg\"\r\nContent-Disposition: attachment; filename=\"logo.svg\"\r\n\r\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>\r\n"
                + "--m\r\nContent-Type: application/pdf; name=\"invoice.pdf\"\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"invoice.pdf\"\r\n\r\nJVBERi0xLjQKJcfs\r\n--m--\r\n";
    }

    private HttpResponse<byte[]> get(MailWorld world, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + world.daemon().httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private String page(MailWorld world, String path) throws Exception {
        HttpResponse<byte[]> r = get(world, path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void picturesShowAttachmentsDownloadAndTheMailsHtmlIsSafe() throws Exception {
        byte[] png = png();
        String pngHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png));
        try (MailWorld world = new MailWorld(dir)) {
            world.start();
            world.sendRaw(ALICE, htmlMail(ALICE, png));
            TicketId id = TicketId.findIn(world.awaitInbox(ALICE, 1).get(0).getSubject()).orElseThrow();
            world.send(BOB, "Bob", SUPPORT, "Another matter", "Hello");
            TicketId bobs = TicketId.findIn(world.awaitInbox(BOB, 1).get(0).getSubject()).orElseThrow();

            String pngUrl = "/tickets/" + id.value() + "/files/" + pngHash;
            String ticket = page(world, "/tickets/" + id.value());
            assertThat(ticket).contains("<img src=\"" + pngUrl + "\" alt=\"shot.png\"")
                    .contains("<a href=\"" + pngUrl + "\">shot.png</a>")
                    .containsPattern("<a href=\"/tickets/" + id.value() + "/files/[0-9a-f]{64}\">invoice.pdf</a> \\(application/pdf, 12 bytes\\)")
                    .contains("logo.svg");

            HttpResponse<byte[]> image = get(world, pngUrl);
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(image.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(image.body()).isEqualTo(png);

            String svgUrl = ticket.replaceAll("(?s).*<a href=\"([^\"]+)\">logo.svg</a>.*", "$1");
            HttpResponse<byte[]> svg = get(world, svgUrl);
            assertThat(svg.statusCode()).isEqualTo(200);
            assertThat(svg.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
            assertThat(svg.headers().firstValue("Content-Disposition")).hasValue("attachment; filename*=UTF-8''logo.svg");

            // a file is served only on the ticket that has it, and only by its hash
            assertThat(get(world, "/tickets/" + bobs.value() + "/files/" + pngHash).statusCode()).isEqualTo(404);
            // an escaped slash is refused as ambiguous before any route sees it
            assertThat(get(world, "/tickets/" + id.value() + "/files/..%2F..%2Fdb%2Fpostdesk.mv.db").statusCode()).isEqualTo(400);
            assertThat(get(world, "/tickets/" + id.value() + "/files/" + "0".repeat(64)).statusCode()).isEqualTo(404);

            String htmlUrl = ticket.replaceAll("(?s).*<a href=\"([^\"]+/html)\">View the HTML mail</a>.*", "$1");
            String html = page(world, htmlUrl);
            assertThat(html).contains("See the <b>error</b>")
                    .contains("<img src=\"" + pngUrl + "\" alt=\"screenshot\">")
                    .contains("[remote tracker not loaded]")
                    .doesNotContain("127.0.0.1:9").doesNotContain("<script").doesNotContain("pwned");
            assertThat(get(world, "/tickets/" + bobs.value() + "/messages/1/html").statusCode()).isEqualTo(404); // plain mail, not Bob's
        }
    }

    @Test
    void aBrokenCidReferenceIsLeftOutAndTheMailStillShows() throws Exception {
        try (MailWorld world = new MailWorld(dir)) {
            world.start();
            world.sendRaw(ALICE, "From: " + ALICE + "\r\nTo: " + SUPPORT + "\r\nSubject: Broken picture\r\nMessage-ID: <zz@customer.test>\r\n"
                    + "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                    + "<p>Look: <img src=\"cid:%zz\" alt=\"broken\"> <img src=\"cid:a+b%4\"> and this.</p>\r\n");
            TicketId id = TicketId.findIn(world.awaitInbox(ALICE, 1).get(0).getSubject()).orElseThrow();
            String htmlUrl = page(world, "/tickets/" + id.value()).replaceAll("(?s).*<a href=\"([^\"]+/html)\">View the HTML mail</a>.*", "$1");
            String html = page(world, htmlUrl);
            assertThat(html).contains("Look:").contains("[broken: not kept]").contains("[image: not kept]").contains("and this.")
                    .doesNotContain("<img");
        }
    }
}
