package postdesk.inbound;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

import postdesk.mail.Address;
import postdesk.mail.AttachmentInfo;
import postdesk.mail.MessageIds;

/**
 * Parses a raw mail with MIME4J into a {@link ParsedMail}. Lenient: malformed headers, unknown
 * charsets and broken structure become warnings, not exceptions.
 */
public final class MailParser {
    private static final int MAX_DEPTH = 40;
    private static final int MAX_PARTS = 2000;
    private static final java.util.Set<String> REPORT_TYPES = java.util.Set.of(
            "message/delivery-status", "message/global-delivery-status", "message/feedback-report",
            "message/disposition-notification", "text/rfc822-headers", "message/rfc822-headers");

    public ParsedMail parse(byte[] raw) throws IOException {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(new MimeConfig.Builder()
                .setMaxLineLen(-1).setMaxHeaderLen(-1).setMaxHeaderCount(-1).setMaxContentLen(-1)
                .setStrictParsing(false).build());
        builder.setDecodeMonitor(DecodeMonitor.SILENT);
        Message message = builder.parseMessage(new ByteArrayInputStream(raw));
        try {
            return read(message);
        } finally {
            message.dispose();
        }
    }

    private ParsedMail read(Message message) throws IOException {
        List<String> warnings = new ArrayList<>();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Field field : message.getHeader().getFields()) {
            headers.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(unfold(field.getBody()));
        }
        Body body = new Body();
        walk(message, body, 0, warnings);

        String text;
        if (!body.plain.isEmpty()) {
            text = String.join("\n\n", body.plain);
        } else if (!body.html.isEmpty()) {
            text = HtmlText.toText(String.join("\n", body.html));
        } else {
            text = "";
        }
        text = text.replace("\r\n", "\n").replace('\r', '\n');

        Address from = first(mailboxes(message.getFrom()));
        if (from == null) {
            warnings.add("no readable From address");
            from = new Address("", "");
        }
        String subject = message.getSubject();
        if (subject == null) subject = decode(first(headers.get("subject")));
        return new ParsedMail(
                MessageIds.parseOne(first(headers.get("message-id"))),
                MessageIds.parseAll(first(headers.get("in-reply-to"))),
                MessageIds.parseAll(String.join(" ", headers.getOrDefault("references", List.of()))),
                subject == null ? "" : subject,
                from,
                addresses(message.getReplyTo()),
                addresses(message.getTo()),
                addresses(message.getCc()),
                message.getMimeType(),
                text,
                body.html.isEmpty() ? null : String.join("\n", body.html),
                body.attachments,
                headers,
                body.reports,
                warnings);
    }

    /** What the walk collects: body text candidates and attachments. */
    private static final class Body {
        final List<String> plain = new ArrayList<>();
        final List<String> html = new ArrayList<>();
        final List<AttachmentInfo> attachments = new ArrayList<>();
        final List<ParsedMail.Report> reports = new ArrayList<>();
        int parts;
    }

    private void walk(Entity entity, Body out, int depth, List<String> warnings) throws IOException {
        if (++out.parts > MAX_PARTS) {
            if (out.parts == MAX_PARTS + 1) warnings.add("more than " + MAX_PARTS + " parts; the rest were skipped");
            return;
        }
        if (depth > MAX_DEPTH) {
            warnings.add("parts nested deeper than " + MAX_DEPTH + " were skipped");
            return;
        }
        org.apache.james.mime4j.dom.Body content = entity.getBody();
        String mime = entity.getMimeType() == null ? "text/plain" : entity.getMimeType().toLowerCase(Locale.ROOT);
        boolean attachment = "attachment".equalsIgnoreCase(entity.getDispositionType());

        if (content instanceof Multipart multipart) {
            List<Entity> parts = multipart.getBodyParts();
            if (mime.equals("multipart/alternative")) {
                // one rendering is enough: plain text if offered (it quotes better), else the richest
                Entity chosen = null;
                for (Entity part : parts) {
                    if ("text/plain".equalsIgnoreCase(part.getMimeType())) chosen = part;
                }
                if (chosen == null && !parts.isEmpty()) chosen = parts.get(parts.size() - 1);
                for (Entity part : parts) {
                    if (part == chosen) {
                        walk(part, out, depth + 1, warnings);
                    } else if (!isText(part)) {
                        collectAttachmentsOnly(part, out, depth + 1, warnings);
                    }
                }
            } else {
                for (Entity part : parts) walk(part, out, depth + 1, warnings);
            }
        } else if (content instanceof Message nested) {
            String name = nested.getSubject() == null ? "message" : nested.getSubject();
            out.attachments.add(new AttachmentInfo(safeName(name) + ".eml", "message/rfc822", -1, false));
            StringBuilder h = new StringBuilder();
            for (Field f : nested.getHeader().getFields()) h.append(f.getName()).append(": ").append(unfold(f.getBody())).append('\n');
            out.reports.add(new ParsedMail.Report("message/rfc822", h.toString()));
        } else if (content instanceof SingleBody single) {
            byte[] bytes;
            try (InputStream in = single.getInputStream()) {
                bytes = in.readAllBytes();
            }
            if (REPORT_TYPES.contains(mime)) {
                out.reports.add(new ParsedMail.Report(mime, TextDecoding.decode(bytes, entity.getCharset(), warnings)));
            }
            if (!attachment && (mime.equals("text/plain") || mime.equals("text/html")) && entity.getFilename() == null) {
                String text = TextDecoding.decode(bytes, entity.getCharset(), warnings);
                (mime.equals("text/plain") ? out.plain : out.html).add(text);
            } else {
                boolean inline = !attachment && (entity.getHeader().getField("Content-ID") != null
                        || "inline".equalsIgnoreCase(entity.getDispositionType()));
                String filename = entity.getFilename();
                if (filename == null) filename = defaultName(mime);
                out.attachments.add(new AttachmentInfo(safeName(decode(filename)), mime, bytes.length, inline));
            }
        }
    }

    /** A multipart alternative that was not chosen may still carry attachments (e.g. related images). */
    private void collectAttachmentsOnly(Entity entity, Body out, int depth, List<String> warnings) throws IOException {
        Body scratch = new Body();
        scratch.parts = out.parts;
        walk(entity, scratch, depth, warnings);
        out.parts = scratch.parts;
        out.attachments.addAll(scratch.attachments);
    }

    private static boolean isText(Entity e) {
        String m = e.getMimeType();
        return m != null && (m.equalsIgnoreCase("text/plain") || m.equalsIgnoreCase("text/html"));
    }

    private static String defaultName(String mime) {
        int slash = mime.indexOf('/');
        return "part." + (slash >= 0 ? mime.substring(slash + 1) : "bin");
    }

    /** A filename that is just a name: no directories, no control characters, not empty, not too long. */
    static String safeName(String name) {
        String n = name.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1);
        n = n.replaceAll("[\\p{Cntrl}\"*:<>?|]", "_").strip();
        while (n.startsWith(".")) n = n.substring(1);
        if (n.isEmpty()) n = "unnamed";
        return n.length() > 200 ? n.substring(0, 200) : n;
    }

    private static String unfold(String value) {
        return value == null ? "" : value.replaceAll("\\r?\\n[ \\t]*", " ").strip();
    }

    private static String decode(String value) {
        return value == null ? null : DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
    }

    private static <T> T first(List<T> list) {
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    private static List<Address> mailboxes(MailboxList list) {
        List<Address> out = new ArrayList<>();
        if (list != null) {
            for (Mailbox m : list) out.add(new Address(m.getName(), m.getAddress()));
        }
        return out;
    }

    private static List<Address> addresses(AddressList list) {
        return list == null ? List.of() : mailboxes(list.flatten());
    }
}
