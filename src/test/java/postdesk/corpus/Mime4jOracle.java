package postdesk.corpus;

import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;

/**
 * Turns mime4j's structural oracle (the {@code _decoded.xml} event tree with verbatim header
 * fields, plus the decoded leaf contents listed in {@code manifest.json}) into the facts Postdesk
 * exposes: the decoded top-level Subject and From, the names of attachment leaves, and the
 * contents of the plain-text body leaves. Header values are decoded with Jakarta Mail, an
 * independent implementation; a value that is raw 8-bit or that it cannot decode is not used.
 */
final class Mime4jOracle {
    private static final Pattern FILENAME = Pattern.compile("(?i)\\b(?:file)?name\\s*=\\s*\"?([^\";\\r\\n]+)");

    private Mime4jOracle() {
    }

    static void derive(Path decodedXml, JsonNode decodedParts, Expect e, List<String> notes) throws Exception {
        String xml = new String(Files.readAllBytes(decodedXml), StandardCharsets.ISO_8859_1);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setExpandEntityReferences(false);
        Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        Map<String, JsonNode> parts = new HashMap<>();
        for (JsonNode p : decodedParts) parts.put(p.path("name").asText(), p);

        Element root = doc.getDocumentElement();
        Map<String, String> top = fields(child(root, "header"));
        String subject = top.get("subject");
        if (subject != null && !isEightBit(subject)) {
            try {
                e.subject = MimeUtility.decodeText(subject.strip());
                e.subjectLoose = true;
            } catch (Exception ex) {
                notes.add("subject not derivable: " + ex.getMessage());
            }
        }
        String from = top.get("from");
        if (from != null && !isEightBit(from)) {
            try {
                InternetAddress[] as = InternetAddress.parseHeader(from, false);
                if (as.length > 0 && as[0].getAddress() != null && as[0].getAddress().contains("@")) {
                    e.fromAddress.add(as[0].getAddress());
                    if (as[0].getPersonal() != null) e.fromName = as[0].getPersonal();
                }
            } catch (Exception ex) {
                notes.add("from not derivable: " + ex.getMessage());
            }
        }
        if (e.subject != null || !e.fromAddress.isEmpty()) e.headersNote = "decoded from the raw header by Jakarta Mail; whitespace collapsed";
        walk(root, "", true, e, notes, parts);
        if (!e.attachmentNames.isEmpty()) e.attachmentNamesNote = "leaves with a filename/name parameter, decoded by Jakarta Mail";
        if (!e.textContains.isEmpty()) e.textNote = "each plain-text body leaf's decoded content";
    }

    /** One entity (the message, or a body-part): its header, then a multipart, a nested message or a leaf body. */
    private static void walk(Element entity, String parentType, boolean textAllowed, Expect e, List<String> notes, Map<String, JsonNode> parts) {
        Map<String, String> h = fields(child(entity, "header"));
        String contentType = h.get("content-type");
        String mime = mimeType(contentType, parentType.equals("multipart/digest") ? "message/rfc822" : "text/plain");
        for (Node n = entity.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element el)) continue;
            switch (el.getTagName()) {
                case "multipart" -> {
                    List<Element> children = new java.util.ArrayList<>();
                    for (Node p = el.getFirstChild(); p != null; p = p.getNextSibling()) {
                        if (p instanceof Element bp && bp.getTagName().equals("body-part")) children.add(bp);
                    }
                    // of alternatives only one is the body: the last text/plain one (RFC 2046: last = preferred)
                    Element chosen = null;
                    if (mime.equals("multipart/alternative")) {
                        for (Element bp : children) {
                            if (mimeType(fields(child(bp, "header")).get("content-type"), "text/plain").equals("text/plain")) chosen = bp;
                        }
                    }
                    for (Element bp : children) {
                        boolean allowed = textAllowed && (chosen == null || bp == chosen);
                        walk(bp, mime, allowed, e, notes, parts);
                    }
                }
                case "message" -> {
                    // an enclosed message is one attachment to Postdesk; its insides are not the mail's body
                }
                case "text-body", "binary-body" -> leaf(el, h, mime, textAllowed, e, notes, parts);
                default -> {
                }
            }
        }
    }

    private static void leaf(Element body, Map<String, String> h, String mime, boolean textAllowed, Expect e, List<String> notes,
            Map<String, JsonNode> parts) {
        String disposition = h.get("content-disposition");
        String filename = filename(disposition, h.get("content-type"));
        boolean attachment = disposition != null && disposition.strip().toLowerCase(Locale.ROOT).startsWith("attachment");
        if (filename != null) {
            e.attachmentNames.add(filename);
            return;
        }
        if (!textAllowed || attachment || !mime.equals("text/plain") || !body.getTagName().equals("text-body")) return;
        JsonNode part = parts.get(body.getAttribute("name"));
        if (part == null) return;
        byte[] bytes;
        if (part.hasNonNull("content_utf8")) bytes = part.get("content_utf8").asText().getBytes(StandardCharsets.UTF_8);
        else if (part.hasNonNull("content_latin1")) bytes = part.get("content_latin1").asText().getBytes(StandardCharsets.ISO_8859_1);
        else return; // large part: only its hash is known
        String text = decode(bytes, charset(h.get("content-type")));
        if (text == null) {
            notes.add(body.getAttribute("name") + ": 8-bit text without a usable charset: content not checked");
        } else if (!Checks.collapse(text).isEmpty()) {
            e.textContains.add(text);
        }
    }

    private static String decode(byte[] bytes, String charset) {
        boolean ascii = true;
        for (byte b : bytes) if (b < 0) ascii = false;
        if (ascii) return new String(bytes, StandardCharsets.US_ASCII);
        if (charset == null) return null;
        try {
            Charset cs = Charset.forName(charset);
            return cs.equals(StandardCharsets.US_ASCII) ? null : new String(bytes, cs);
        } catch (Exception ex) {
            return null;
        }
    }

    private static String filename(String disposition, String contentType) {
        String raw = null;
        try {
            if (disposition != null) raw = new ContentDisposition(disposition).getParameter("filename");
            if (raw == null && contentType != null) raw = new ContentType(contentType).getParameter("name");
        } catch (Exception ex) {
            raw = null;
        }
        if (raw == null) {
            for (String v : new String[] {disposition, contentType}) {
                if (v == null) continue;
                Matcher m = FILENAME.matcher(v);
                if (m.find()) {
                    raw = m.group(1).strip();
                    break;
                }
            }
        }
        if (raw == null || raw.isBlank() || isEightBit(raw)) return null;
        try {
            if (raw.contains("=?")) raw = MimeUtility.decodeText(raw);
        } catch (Exception ex) {
            return null;
        }
        if (raw.contains("=?")) return null; // encoded-words inside a token: no reliable expectation
        String n = raw.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1).strip();
    }

    private static String mimeType(String contentType, String dflt) {
        if (contentType == null) return dflt;
        String t = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return t.contains("/") ? t : dflt;
    }

    private static String charset(String contentType) {
        if (contentType == null) return null;
        Matcher m = Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";\\s]+)").matcher(contentType);
        return m.find() ? m.group(1) : null;
    }

    /** A header element's fields, by lower-case name (first occurrence), unfolded. */
    private static Map<String, String> fields(Element header) {
        Map<String, String> out = new LinkedHashMap<>();
        if (header == null) return out;
        for (Node n = header.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element f) || !f.getTagName().equals("field")) continue;
            String raw = f.getTextContent().replaceFirst("^\\r?\\n", "");
            int colon = raw.indexOf(':');
            if (colon <= 0) continue;
            String name = raw.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = raw.substring(colon + 1).replaceAll("\\r?\\n(?=[ \\t])", "").strip();
            out.putIfAbsent(name, value);
        }
        return out;
    }

    private static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el && el.getTagName().equals(tag)) return el;
        }
        return null;
    }

    private static boolean isEightBit(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) > 127) return true;
        return false;
    }
}
