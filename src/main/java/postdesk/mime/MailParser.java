package postdesk.mime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.parser.ContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.ByteSequence;

import postdesk.config.AttachmentLimits;
import postdesk.mail.AttachmentInfo;
import postdesk.mail.HeaderBlock;
import postdesk.mail.MessageIds;
import postdesk.mail.Sha256;
import postdesk.reply.HtmlText;

/**
 * Reads a raw mail with MIME4J's streaming parser into a {@link ParsedMail}. Text parts are kept
 * (up to {@value #MAX_TEXT_BYTES} bytes each); attachment content streams through an
 * {@link AttachmentSink} (hashed, counted, optionally stored) and is never held in memory, so a
 * mail of any size reads in little heap. Lenient throughout: unknown charsets, broken encoded
 * words, missing boundaries and 8-bit headers become warnings, never exceptions.
 */
public final class MailParser {
    static final int MAX_TEXT_BYTES = 4 * 1024 * 1024;
    private static final int MAX_PARTS = 2000;
    private static final int MAX_DEPTH = 40;
    /** Mails forwarded inline inside mails forwarded inline: deeper ones are kept as .eml attachments. */
    private static final int MAX_ENCLOSED = 3;
    private static final java.util.Set<String> SIGNATURES = java.util.Set.of(
            "application/pgp-signature", "application/pkcs7-signature", "application/x-pkcs7-signature");
    private static final int ENCLOSED_TEXT_LIMIT = 1 << 20;
    private static final int MAX_WARNINGS = 50;
    private static final int MAX_EMBEDDED_HEADER_BYTES = 64 * 1024;
    private static final Set<String> REPORT_TYPES = Set.of(
            "message/delivery-status", "message/global-delivery-status", "message/feedback-report",
            "message/disposition-notification", "text/rfc822-headers", "message/rfc822-headers");

    private final AttachmentSink sink;
    private final AttachmentLimits limits;

    /** Reads without storing attachments and without limits. */
    public MailParser() {
        this(AttachmentSink.DISCARD, AttachmentLimits.NONE);
    }

    public MailParser(AttachmentSink sink, AttachmentLimits limits) {
        this.sink = sink;
        this.limits = limits;
    }

    public ParsedMail parse(byte[] raw) throws IOException {
        return parse(new ByteArrayInputStream(raw), sink);
    }

    /** Reads a mail with its attachment content going to {@code into} (one mail's batch). */
    public ParsedMail parse(byte[] raw, AttachmentSink into) throws IOException {
        return parse(new ByteArrayInputStream(raw), into);
    }

    public ParsedMail parse(InputStream raw) throws IOException {
        return parse(raw, sink);
    }

    private ParsedMail parse(InputStream raw, AttachmentSink into) throws IOException {
        return parse(raw, into, 0);
    }

    /** @param depth how many inline-forwarded mails enclose this one */
    private ParsedMail parse(InputStream raw, AttachmentSink into, int depth) throws IOException {
        Collector c = new Collector(into, depth);
        // A line that is no header is skipped (it costs that header, never the mail). MIME4J's
        // other choice, starting the body there, pushes the line back into its buffer, which
        // throws as soon as a multipart body looks ahead for its boundary; where the body of a
        // mail really begins without a blank line, InputRepair inserts one.
        MimeConfig config = new MimeConfig.Builder()
                .setMaxLineLen(-1).setMaxHeaderLen(-1).setMaxHeaderCount(-1).setMaxContentLen(-1)
                .setStrictParsing(false).setMalformedHeaderStartsBody(false).build();
        MimeStreamParser parser = new MimeStreamParser(config, c.monitor, null);
        parser.setContentDecoding(true);
        parser.setNoRecurse(); // an attached message is an attachment, kept whole
        parser.setContentHandler(c);
        try {
            parser.parse(InputRepair.normalise(raw, c.warnings));
        } catch (MimeException e) {
            c.warn("MIME structure: " + e.getMessage());
        }
        return c.result();
    }

    /** Receives the parser's events and builds the result. */
    private final class Collector implements ContentHandler {
        final AttachmentSink sink;
        final List<String> warnings = new ArrayList<>();
        final DecodeMonitor monitor = new DecodeMonitor() {
            @Override
            public boolean warn(String error, String dummy) {
                Collector.this.warn(error);
                return false;
            }

            /** Structure events too (a skipped header line, a part that ends early), not only decoding. */
            @Override
            public boolean isListening() {
                return true;
            }
        };
        final Map<String, List<String>> headers = new LinkedHashMap<>();
        final List<AttachmentInfo> attachments = new ArrayList<>();
        final List<ParsedMail.Report> reports = new ArrayList<>();
        final Deque<Frame> frames = new ArrayDeque<>();
        /** Texts of mails forwarded inline, with their forward headers, appended to the mail's text. */
        final List<String> enclosed = new ArrayList<>();
        final Frame root = new Frame("root");
        List<Field> partFields = new ArrayList<>();
        boolean messageHeaderDone;
        int parts;
        int kept;
        long keptBytes;

        final int depth;

        Collector(AttachmentSink sink, int depth) {
            this.sink = sink;
            this.depth = depth;
            frames.push(root);
        }

        void warn(String w) {
            if (warnings.size() < MAX_WARNINGS && !warnings.contains(w)) warnings.add(w);
        }

        @Override
        public void startMessage() {
        }

        @Override
        public void endMessage() {
        }

        @Override
        public void startBodyPart() {
            partFields = new ArrayList<>();
            frames.peek().parts++;
        }

        @Override
        public void endBodyPart() {
        }

        @Override
        public void startHeader() {
            if (messageHeaderDone) partFields = new ArrayList<>();
        }

        @Override
        public void field(Field field) {
            if (!messageHeaderDone) {
                String name = field.getName().toLowerCase(Locale.ROOT);
                headers.computeIfAbsent(name, k -> new ArrayList<>()).add(fieldValue(field));
            }
            partFields.add(field);
        }

        @Override
        public void endHeader() {
            messageHeaderDone = true;
        }

        /** Kept in case no part follows: a multipart whose boundary never comes holds all its text here. */
        @Override
        public void preamble(InputStream is) throws IOException {
            frames.peek().preamble = TextDecoding.decode(readCapped(is), null, new ArrayList<>());
        }

        @Override
        public void epilogue(InputStream is) throws IOException {
            is.transferTo(OutputStream.nullOutputStream());
        }

        @Override
        public void startMultipart(BodyDescriptor bd) {
            if (frames.size() == MAX_DEPTH) warn("parts nested deeper than " + MAX_DEPTH + " levels were skipped");
            frames.push(new Frame(bd.getMimeType() == null ? "multipart/mixed" : bd.getMimeType().toLowerCase(Locale.ROOT)));
        }

        @Override
        public void endMultipart() {
            Frame done = frames.pop();
            if (done.parts == 0 && done.preamble != null && !done.preamble.isBlank()) {
                warn("a multipart without any part: its text is read as plain text");
                done.plain.add(done.preamble);
            }
            frames.peek().take(done.alternative() ? done.chosen() : done);
        }

        @Override
        public void raw(InputStream is) throws IOException {
            is.transferTo(OutputStream.nullOutputStream());
        }

        @Override
        public void body(BodyDescriptor bd, InputStream decoded) throws IOException {
            // MIME4J leaves x-uuencode alone; Angus's decoder, lenient: a missing begin/end line or a bad line costs nothing else
            InputStream in = isUuencoding(partHeader("content-transfer-encoding"))
                    ? new org.eclipse.angus.mail.util.UUDecoderStream(decoded, true, true) : decoded;
            if (++parts > MAX_PARTS || frames.size() > MAX_DEPTH) {
                if (parts == MAX_PARTS + 1) warn("more than " + MAX_PARTS + " parts; the rest were skipped");
                in.transferTo(OutputStream.nullOutputStream());
                return;
            }
            String mime = bd.getMimeType() == null ? "text/plain" : bd.getMimeType().toLowerCase(Locale.ROOT);
            String disposition = partHeader("content-disposition");
            String dispositionType = MimeParams.mainValue(disposition);
            String filename = filename(disposition);
            boolean attachment = "attachment".equals(dispositionType);
            boolean textBody = (mime.equals("text/plain") || mime.equals("text/html")) && !attachment && filename == null;

            if (textBody || REPORT_TYPES.contains(mime)) {
                byte[] bytes = readCapped(in);
                String text = TextDecoding.decode(bytes, bd.getCharset(), warnings);
                if (REPORT_TYPES.contains(mime)) {
                    reports.add(new ParsedMail.Report(mime, text));
                    if (attachment || filename != null) attachments.add(new AttachmentInfo(safeName(filename), mime, bytes.length, false));
                } else {
                    Frame single = new Frame("part");
                    (mime.equals("text/plain") ? single.plain : single.html).add(text);
                    frames.peek().take(single);
                }
                return;
            }
            if (filename == null && frames.peek().type.equals("multipart/signed") && SIGNATURES.contains(mime)) {
                // an unnamed detached signature is the signing's machinery, not a file the sender attached
                in.transferTo(OutputStream.nullOutputStream());
                return;
            }
            boolean inline = !attachment && (partHeader("content-id") != null || "inline".equals(dispositionType));
            if (mime.equals("message/rfc822") && !attachment && depth < MAX_ENCLOSED && !inReport()) {
                enclose(in, filename, inline);
            } else if (mime.equals("message/rfc822")) {
                storeMessage(in, filename, inline);
            } else {
                store(in, filename == null ? defaultName(mime) : filename, mime, inline);
            }
        }

        boolean inReport() {
            return frames.stream().anyMatch(f -> f.type.equals("multipart/report"));
        }

        /**
         * A mail forwarded inline (message/rfc822 without "attachment"): kept whole as an .eml
         * attachment like any attached mail, and its text joins the mail's text under a forward
         * header, so the question it carries is read with the note above it. Only a forward of
         * up to {@value #ENCLOSED_TEXT_LIMIT} bytes is read for its text (the rest is streamed).
         */
        private void enclose(InputStream in, String filename, boolean inline) throws IOException {
            byte[] head = in.readNBytes(ENCLOSED_TEXT_LIMIT + 1);
            if (head.length <= ENCLOSED_TEXT_LIMIT) {
                ParsedMail inner = new MailParser().parse(new ByteArrayInputStream(head), AttachmentSink.DISCARD, depth + 1);
                StringBuilder block = new StringBuilder("---------- Forwarded message ----------\n");
                if (!inner.from().address().isEmpty()) block.append("From: ").append(inner.from()).append('\n');
                String date = inner.header("date");
                if (date != null) block.append("Date: ").append(date.strip()).append('\n');
                block.append("Subject: ").append(inner.subject()).append('\n');
                if (!inner.to().isEmpty()) block.append("To: ").append(String.join(", ", inner.to().stream().map(Object::toString).toList())).append('\n');
                enclosed.add(block.append('\n').append(inner.text().strip()).toString());
            } else {
                warn("a forwarded message over " + postdesk.config.Sizes.format(ENCLOSED_TEXT_LIMIT) + " is kept as an attachment only");
            }
            storeMessage(new java.io.SequenceInputStream(new ByteArrayInputStream(head), in), filename, inline);
        }

        /** An attached mail: its headers become a report (bounces return them), the whole is an attachment. */
        private void storeMessage(InputStream in, String filename, boolean inline) throws IOException {
            byte[] headerBytes = readHeaderBlock(in);
            String headerText = TextDecoding.decode(headerBytes, "utf-8", new ArrayList<>());
            reports.add(new ParsedMail.Report("message/rfc822", unfoldBlock(headerText)));
            String name = filename;
            if (name == null) {
                String subject = headerValue(headerText, "subject");
                name = (subject == null || subject.isBlank() ? "message" : EncodedWords.decode(subject)) + ".eml";
            }
            store(new java.io.SequenceInputStream(new ByteArrayInputStream(headerBytes), in), name, "message/rfc822", inline);
        }

        private void store(InputStream in, String filename, String mime, boolean inline) throws IOException {
            String name = safeName(filename);
            String drop = kept >= limits.maxCount() ? "more than " + limits.maxCount() + " attachments" : null;
            MessageDigest sha = Sha256.newDigest();
            AttachmentSink.Upload upload = drop == null ? sink.begin() : null;
            long size = 0;
            byte[] buf = new byte[64 * 1024];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    size += n;
                    sha.update(buf, 0, n);
                    if (upload != null) {
                        if (size > limits.maxBytesEach()) {
                            drop = "larger than " + postdesk.config.Sizes.format(limits.maxBytesEach()) + " per file";
                        } else if (keptBytes + size > limits.maxBytesTotal()) {
                            drop = "over " + postdesk.config.Sizes.format(limits.maxBytesTotal()) + " of attachments per mail";
                        }
                        if (drop != null) {
                            upload.abort();
                            upload = null;
                        } else {
                            upload.write(buf, 0, n);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (upload != null) upload.abort();
                throw e;
            }
            String hash = Sha256.hex(sha);
            if (upload != null) {
                upload.commit(hash);
                kept++;
                keptBytes += size;
            }
            if (drop != null) warn("attachment " + name + " dropped: " + drop);
            attachments.add(new AttachmentInfo(name, mime, size, inline, drop == null ? hash : null, drop,
                    MessageIds.parseOne(partHeader("content-id"))));
        }

        private String partHeader(String name) {
            for (Field f : partFields) {
                if (f.getName().equalsIgnoreCase(name)) return fieldValue(f);
            }
            return null;
        }

        private String filename(String disposition) {
            String name = MimeParams.parse(disposition).get("filename");
            if (name == null || name.isBlank()) name = MimeParams.parse(partHeader("content-type")).get("name");
            return name == null || name.isBlank() ? null : name;
        }

        ParsedMail result() {
            String text;
            if (!root.plain.isEmpty()) {
                text = String.join("\n\n", root.plain);
            } else if (!root.html.isEmpty()) {
                text = HtmlText.toText(String.join("\n", root.html));
            } else {
                text = "";
            }
            for (String block : enclosed) text = text.isBlank() ? block : text.stripTrailing() + "\n\n" + block;
            text = text.replace("\r\n", "\n").replace('\r', '\n');

            List<postdesk.mail.Address> from = addresses(first("from"));
            if (from.isEmpty()) from = addresses(first("sender"));
            postdesk.mail.Address sender = from.isEmpty() ? new postdesk.mail.Address("", "") : ListAuthor.author(from.get(0), this::first, this::addresses);
            if (sender.address().isEmpty()) warn("no readable From address");
            String subject = first("subject");
            return new ParsedMail(
                    MessageIds.parseOne(first("message-id")),
                    MessageIds.parseAll(first("in-reply-to")),
                    MessageIds.parseAll(String.join(" ", headers.getOrDefault("references", List.of()))),
                    subject == null ? "" : EncodedWords.decode(subject).replaceAll("[\\r\\n]+", " "),
                    sender,
                    addresses(first("reply-to")),
                    addresses(String.join(", ", headers.getOrDefault("to", List.of()))),
                    addresses(String.join(", ", headers.getOrDefault("cc", List.of()))),
                    contentType(),
                    text,
                    root.html.isEmpty() ? null : String.join("\n", root.html),
                    attachments,
                    headers,
                    reports,
                    warnings);
        }

        private String contentType() {
            String ct = MimeParams.mainValue(first("content-type"));
            return ct == null || !ct.contains("/") ? "text/plain" : ct;
        }

        private String first(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        private List<postdesk.mail.Address> addresses(String value) {
            List<postdesk.mail.Address> out = new ArrayList<>();
            if (value == null || value.isBlank()) return out;
            if (value.chars().anyMatch(ch -> ch >= 0x80)) {
                // MIME4J's lenient parser miscounts non-ASCII (RFC 6532 UTF-8) characters: read these ourselves
                out.addAll(AddressLists.parse(value));
            } else {
                for (Address a : LenientAddressParser.DEFAULT.parseAddressList(value)) {
                    if (a instanceof Mailbox m) {
                        out.add(mailbox(m));
                    } else if (a instanceof Group g) {
                        for (Mailbox m : g.getMailboxes()) out.add(mailbox(m));
                    }
                }
            }
            if (out.isEmpty()) {
                // not even lenient parsing found a mailbox: take a bare address out of the text
                java.util.regex.Matcher m = BARE_ADDRESS.matcher(value);
                if (m.find()) out.add(new postdesk.mail.Address("", m.group()));
            }
            if (out.size() == 1 && out.get(0).name().isEmpty()) {
                // the old "addr (Full Name)" form: the comment is the name
                java.util.regex.Matcher m = COMMENT_NAME.matcher(value);
                if (m.matches()) out.set(0, new postdesk.mail.Address(EncodedWords.decode(m.group(2).strip()), out.get(0).address()));
            }
            return out;
        }

        private postdesk.mail.Address mailbox(Mailbox m) {
            String name = m.getName() == null ? "" : m.getName();
            return new postdesk.mail.Address(EncodedWords.decode(name), m.getAddress() == null ? "" : m.getAddress());
        }
    }

    private static final java.util.regex.Pattern BARE_ADDRESS = java.util.regex.Pattern.compile("[^\\s<>\"(),;:]+@[^\\s<>\"(),;:]+");
    private static final java.util.regex.Pattern COMMENT_NAME = java.util.regex.Pattern.compile("\\s*<?([^\\s<>()]+@[^\\s<>()]+?)>?\\s*\\((.+)\\)\\s*");

    /**
     * A multipart container while it is being read: the text bodies found in it. An alternative
     * keeps each child as a candidate and, when it ends, offers only one of them upwards.
     */
    private static final class Frame {
        final String type;
        final List<String> plain = new ArrayList<>();
        final List<String> html = new ArrayList<>();
        final List<Frame> candidates = new ArrayList<>();
        String preamble;
        int parts;

        Frame(String type) {
            this.type = type;
        }

        boolean alternative() {
            return type.equals("multipart/alternative");
        }

        void take(Frame child) {
            if (alternative()) {
                candidates.add(child);
            } else {
                plain.addAll(child.plain);
                html.addAll(child.html);
            }
        }

        /** Plain text if offered (it quotes and extracts better than converted HTML), else the last (richest) HTML. */
        Frame chosen() {
            for (int i = candidates.size() - 1; i >= 0; i--) {
                if (!candidates.get(i).plain.isEmpty()) return candidates.get(i);
            }
            for (int i = candidates.size() - 1; i >= 0; i--) {
                if (!candidates.get(i).html.isEmpty()) return candidates.get(i);
            }
            return new Frame("empty");
        }
    }

    /** A header value as text: raw bytes decoded as UTF-8 where valid (8-bit headers), else windows-1252; unfolded. */
    private static String fieldValue(Field field) {
        ByteSequence raw = field.getRaw();
        String value;
        if (raw != null) {
            String whole = TextDecoding.decode(raw.toByteArray(), "utf-8", new ArrayList<>());
            int colon = whole.indexOf(':');
            value = colon >= 0 ? whole.substring(colon + 1) : field.getBody();
        } else {
            value = field.getBody();
        }
        return unfold(value);
    }

    /** RFC 5322 unfolding: a line break before white space goes, the white space stays. */
    private static String unfold(String value) {
        return value == null ? "" : value.replaceAll("\\r?\\n(?=[ \\t])", "").replaceAll("[\\r\\n]", " ").strip();
    }

    private static String unfoldBlock(String headers) {
        return headers.replaceAll("\\r?\\n[ \\t]+", " ");
    }

    private static String headerValue(String headers, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?im)^" + name + ":[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)").matcher(headers);
        return m.find() ? unfold(m.group(1)) : null;
    }

    /** Reads up to the first empty line (or {@value #MAX_EMBEDDED_HEADER_BYTES} bytes) and returns those bytes. */
    private static byte[] readHeaderBlock(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int prev = -1;
        int prev2 = -1;
        for (int b; head.size() < MAX_EMBEDDED_HEADER_BYTES && (b = in.read()) >= 0; ) {
            head.write(b);
            if (HeaderBlock.endsHeader(prev2, prev, b)) break;
            prev2 = prev;
            prev = b;
        }
        return head.toByteArray();
    }

    private static boolean isUuencoding(String transferEncoding) {
        return transferEncoding != null && transferEncoding.strip().toLowerCase(java.util.Locale.ROOT).matches("x-uuencode|x-uue|uuencode|uue");
    }

    private static byte[] readCapped(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_TEXT_BYTES);
        if (in.read() >= 0) in.transferTo(OutputStream.nullOutputStream());
        return bytes;
    }

    private static String defaultName(String mime) {
        int slash = mime.indexOf('/');
        return "part." + (slash >= 0 ? mime.substring(slash + 1) : "bin");
    }

    static final int MAX_NAME = 200;
    private static final int MAX_EXTENSION = 16;

    /**
     * A filename that is just a name: no directories, no control characters, no invisible
     * format characters (a right-to-left override makes {@code invoice\u202Efdp.exe} show as
     * "invoiceexe.pdf"), not empty, and not longer than {@value #MAX_NAME} characters, cut in
     * the middle so that the start and the extension stay.
     */
    static String safeName(String name) {
        if (name == null) return "unnamed";
        String n = name.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1);
        // Cf: bidi embeddings, overrides and isolates, LRM/RLM/ALM, zero-width characters, BOM, tags
        n = n.replaceAll("\\p{Cf}", "").replaceAll("[\\p{Cc}\\p{Zl}\\p{Zp}\"*:<>?|]", "_").strip();
        while (n.startsWith(".")) n = n.substring(1);
        if (n.isEmpty()) return "unnamed";
        return n.length() > MAX_NAME ? shorten(n) : n;
    }

    /** Cuts the middle of a name's stem, at code point boundaries, keeping a short extension whole. */
    private static String shorten(String n) {
        int dot = n.lastIndexOf('.');
        String ext = dot > 0 && n.length() - dot <= MAX_EXTENSION ? n.substring(dot) : "";
        String stem = n.substring(0, n.length() - ext.length());
        int keep = MAX_NAME - ext.length() - 1; // one for the ellipsis
        int head = boundary(stem, keep - keep / 3);
        int tail = boundary(stem, stem.length() - (keep - head));
        return stem.substring(0, head) + "\u2026" + stem.substring(tail) + ext;
    }

    /** {@code at}, moved forward off the low half of a surrogate pair. */
    private static int boundary(String s, int at) {
        return at > 0 && at < s.length() && Character.isLowSurrogate(s.charAt(at)) ? at + 1 : at;
    }

}
