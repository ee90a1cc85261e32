package postdesk.reply;

import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Safelist;

/**
 * HTML mail to readable plain text, and to HTML that is safe to show. The text keeps what the
 * reply extractor needs, the way a client's own plain-text part would show it: blockquotes become
 * "> " quotes, as do the quoted-history containers of Exchange/Outlook on the web
 * ({@code div[name=messageReplySection]}) and Yahoo ({@code div.yahoo_quoted}), set off by a blank
 * line; a Gmail signature ({@code div.gmail_signature}) gets a "--" delimiter line above it.
 */
public final class HtmlText {
    private static final Set<String> BLOCKS = Set.of(
            "p", "div", "tr", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
            "pre", "hr", "address", "section", "article", "header", "footer", "dl", "dt", "dd");
    private static final Set<String> SKIPPED = Set.of("head", "script", "style", "title", "template", "noscript");

    private HtmlText() {
    }

    public static String toText(String html) {
        Document doc = Jsoup.parse(html);
        StringBuilder out = new StringBuilder();
        render(doc.body(), out);
        return out.toString()
                .replaceAll("[ \\t\\u00a0]+\\n", "\n")
                .replaceAll("\\n{3,}", "\n\n")
                .strip();
    }

    /** The HTML with everything active removed (scripts, handlers, forms, remote frames). */
    public static String sanitise(String html) {
        return Jsoup.clean(html, Safelist.relaxed().addProtocols("img", "src", "cid"));
    }

    private static void render(Node node, StringBuilder out) {
        for (Node child : node.childNodes()) {
            if (child instanceof TextNode text) {
                Element parent = (Element) text.parent();
                out.append(parent != null && parent.closest("pre") != null ? text.getWholeText() : text.text());
            } else if (child instanceof Element el) {
                String tag = el.normalName();
                if (SKIPPED.contains(tag)) continue;
                if (tag.equals("br")) {
                    out.append('\n');
                } else if (tag.equals("blockquote")) {
                    quote(el, out);
                } else if (historyContainer(el) || headerlessGmailQuote(el)) {
                    newline(out);
                    if (out.length() > 0) out.append('\n');
                    quote(el, out);
                } else if (signature(el)) {
                    newline(out);
                    out.append("--\n");
                    render(el, out);
                    newline(out);
                } else if (tag.equals("li")) {
                    newline(out);
                    out.append(bullet(el));
                    render(el, out);
                    newline(out);
                } else if (BLOCKS.contains(tag)) {
                    newline(out);
                    render(el, out);
                    newline(out);
                } else {
                    render(el, out);
                    if (tag.equals("td") || tag.equals("th")) out.append(' ');
                }
            }
        }
    }

    /** "- " in a bulleted list, "3. " in a numbered one (its start attribute honoured), as a plain-text client writes them. */
    private static String bullet(Element li) {
        Element list = li.parent();
        if (list == null || !list.normalName().equals("ol")) return "- ";
        int number = 1;
        try {
            if (list.hasAttr("start")) number = Integer.parseInt(list.attr("start").strip());
        } catch (NumberFormatException e) {
            // a start that is not a number: count from 1
        }
        for (Element sibling : list.children()) {
            if (sibling == li) break;
            if (sibling.normalName().equals("li")) number++;
        }
        return number + ". ";
    }

    private static void quote(Element el, StringBuilder out) {
        StringBuilder inner = new StringBuilder();
        render(el, inner);
        newline(out);
        String text = inner.toString().strip();
        if (text.isEmpty()) return;
        for (String line : text.split("\n", -1)) {
            out.append(line.isEmpty() ? ">" : "> " + line).append('\n');
        }
    }

    /** Quoted history that clients mark by container rather than by blockquote. */
    private static boolean historyContainer(Element el) {
        return "messageReplySection".equals(el.attr("name")) || el.hasClass("yahoo_quoted") || el.id().startsWith("yahoo_quoted");
    }

    /**
     * Gmail's quote container without its "On … wrote:" line (and not a forward): the history has
     * nothing else to mark it, so it is quoted like a blockquote.
     */
    private static boolean headerlessGmailQuote(Element el) {
        if (!el.normalName().equals("div") || !el.hasClass("gmail_quote")) return false;
        if (el.selectFirst(".gmail_attr") != null) return false;
        for (Element a : el.parents()) {
            if (a.hasClass("gmail_quote") || a.normalName().equals("blockquote")) return false;
        }
        StringBuilder inner = new StringBuilder();
        render(el, inner);
        for (String line : inner.toString().split("\n")) {
            if (line.isBlank()) continue;
            String first = line.strip();
            return !(first.startsWith(">") || QuoteHeaders.forward(first) || QuoteHeaders.isAttribution(first) || QuoteHeaders.originalMessage(first));
        }
        return false;
    }

    private static boolean signature(Element el) {
        return el.hasClass("gmail_signature") || "gmail_signature".equals(el.attr("data-smartmail"));
    }

    private static void newline(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') out.append('\n');
    }
}
