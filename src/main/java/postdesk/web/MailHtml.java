package postdesk.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;

import postdesk.mail.AttachmentInfo;
import postdesk.reply.HtmlText;
import postdesk.ticket.TicketId;

/**
 * A message's stored HTML made ready for the page: sanitised once more (the stored copy was
 * sanitised by the rules of its day), {@code cid:} images pointed at the ticket's attachments,
 * and remote images dropped, so opening a mail tells no sender that it was read.
 */
final class MailHtml {
    private MailHtml() {
    }

    static String forPage(String stored, TicketId ticket, List<AttachmentInfo> attachments) {
        Document doc = Jsoup.parseBodyFragment(HtmlText.sanitise(stored));
        for (Element img : doc.select("img")) {
            String src = img.attr("src").strip();
            String alt = img.attr("alt").isBlank() ? "image" : img.attr("alt");
            boolean cid = src.regionMatches(true, 0, "cid:", 0, 4);
            Optional<AttachmentInfo> part = cid ? contentId(src.substring(4)).flatMap(id -> byContentId(attachments, id)) : Optional.empty();
            if (part.isPresent()) {
                img.attr("src", Attachments.url(ticket, part.get()));
            } else {
                img.replaceWith(new TextNode(cid ? "[" + alt + ": not kept]" : "[remote " + alt + " not loaded]"));
            }
        }
        for (Element link : doc.select("a[href]")) link.attr("rel", "noopener noreferrer nofollow");
        return doc.body().html();
    }

    /**
     * RFC 2392: a cid URL is the Content-ID percent-encoded. A '+' is itself (URLDecoder would make
     * it a space), and a broken escape such as {@code %zz} matches no part.
     */
    private static Optional<String> contentId(String encoded) {
        try {
            return Optional.of(URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<AttachmentInfo> byContentId(List<AttachmentInfo> attachments, String cid) {
        return attachments.stream().filter(a -> a.isShowableImage() && cid.equalsIgnoreCase(a.contentId())).findFirst();
    }
}
