package postdesk.inbound;

import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Safelist;

/** HTML mail to readable plain text (blockquotes become "> " quotes), and to HTML that is safe to show. */
public final class HtmlText {
    private static final Set<String> BLOCKS = Set.of(
            "p", "div", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
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
                    StringBuilder inner = new StringBuilder();
                    render(el, inner);
                    newline(out);
                    for (String line : inner.toString().strip().split("\n", -1)) {
                        out.append(line.isEmpty() ? ">" : "> " + line).append('\n');
                    }
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

    private static void newline(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') out.append('\n');
    }
}
