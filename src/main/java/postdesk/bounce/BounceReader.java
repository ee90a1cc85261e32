package postdesk.bounce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import postdesk.mail.Address;
import postdesk.mail.MessageIds;
import postdesk.mime.ParsedMail;

/**
 * Reads delivery reports: the per-recipient fields of an RFC 3464 {@code message/delivery-status}
 * part where there is one (also when a broken MIME structure left those fields in the text), else
 * what non-standard bounces offer: {@code X-Failed-Recipients}, the addresses the notification
 * names (Postfix, Exim, qmail, Sendmail, Exchange, Domino, … layouts) each with the status code or
 * SMTP reply written next to it, and the Message-ID of the returned mail.
 */
public final class BounceReader {
    /** An address; bounded and anchored at the start of a run, so long runs of letters cost linear time. */
    static final Pattern ADDRESS = Pattern.compile(
            "(?<![A-Za-z0-9._%+'=/-])[A-Za-z0-9._%+'=/-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}\\.[A-Za-z]{2,24}(?![A-Za-z])");
    /** Failure notices are short; what follows this much text is the returned mail, if anything. */
    private static final int MAX_NOTICE_CHARS = 64 * 1024;
    private static final Pattern MESSAGE_ID_LINE = Pattern.compile("(?im)^[ \\t]*message-id:\\s*(<[^>\\s]+>)");
    private static final Pattern ORIGINAL_ID_FIELD = Pattern.compile("(?im)^x-original-message-id:\\s*(<[^>\\s]+>)");
    private static final Pattern DSN_FIELD_IN_TEXT = Pattern.compile("(?im)^(final|original)-recipient:\\s*\\S");

    /**
     * A line that names a failed recipient: the address first on the line (optionally after an SMTP
     * reply code, in quotes or angle brackets) — the layout of nearly every MTA — or an SMTP
     * transcript's RCPT TO.
     */
    private static final Pattern RECIPIENT_LINE = Pattern.compile(
            "(?m)^[ \\t>*-]*(?:[245]\\d\\d[ -])?[\"'<(]?(" + ADDRESS.pattern() + ")[\"'>)]?(?=$|[\\s:;,.(\\[]|\\.\\.\\.)");
    private static final Pattern RCPT_TO = Pattern.compile("(?im)rcpt to:\\s*<?(" + ADDRESS.pattern() + ")");
    /** "Unknown user: a@b", "Could not be delivered to: <a@b>": the address ends the line after a colon. */
    private static final Pattern AFTER_COLON = Pattern.compile(
            "(?m)^(?![ \\t]*(?:from|to|cc|bcc|reply-to|sender|return-path|mail from|envelope-from|delivered-to|x-[\\w-]+)\\s*:)"
                    + "[^\\n]*:[ \\t]*[\"'<]?(" + ADDRESS.pattern() + ")[\"'>]?[ \\t]*$", Pattern.CASE_INSENSITIVE);
    /** Lines that carry addresses of senders or message ids, never of failed recipients. */
    private static final Pattern NOT_A_RECIPIENT_LINE = Pattern.compile(
            "(?i)^[ \\t]*(from|reply-to|sender|return-path|mail from|envelope-from|message-id|in-reply-to|references|"
                    + "received|dkim-signature|authentication-results|x-[\\w-]+)\\s*:|envelope-from|smtp\\.mailfrom|\\bfrom <");

    /** Where the returned message (or its headers) starts in a bounce's text. */
    private static final Pattern ORIGINAL_MARKER = Pattern.compile(
            "(?im)^[ \\t\\-=*#_>]*("
                    + "(this is |here is |below (this line )?is |following is |included is |attached is )?(a )?copy of (the |your )?(original |returned |undelivered )?message"
                    + "|(original|unsent|returned|undelivered|rejected|bounced)( e?-?mail)? message( headers)?( is)? (follows|below|attached|included)"
                    + "|message headers follow|headers? of (the |your )?(original|returned) message"
                    + "|(original|returned|undelivered|unsent) message( headers?| text)?\\s*[-=:]*\\s*$"
                    + "|original message headers?"
                    + "|message truncated"
                    + ").*$");
    /** Column-0 header lines of an echoed message. */
    private static final Pattern HEADER_LINE = Pattern.compile(
            "(?i)^(received|return-path|message-id|dkim-signature|delivered-to|mime-version|content-type|from|date|subject|to|cc|"
                    + "reply-to|x-[\\w-]+|authentication-results|arc-[\\w-]+|references|in-reply-to|sender|user-agent)\\s*:");
    /** Header lines only a real header block has. */
    private static final Pattern STRONG_HEADER_LINE = Pattern.compile(
            "(?i)^(received|return-path|dkim-signature|delivered-to|arc-seal|authentication-results|x-original-to)\\s*:\\s*\\S");
    private static final Pattern ADDRESSING_HEADER_LINE = Pattern.compile("(?i)^(from|to|message-id|mime-version|content-type)\\s*:");
    private static final Pattern TEMPORARY = Pattern.compile(
            "(?i)temporar(y|ily)|will (be )?retr(y|ied)|still (be(ing)? )?retr|will keep trying|delivery (is )?delayed|"
                    + "has not yet been delivered|not been delivered yet|deferred|warning only");
    private static final Pattern PERMANENT = Pattern.compile(
            "(?i)permanent|gave up|given up|giving up|not going to try again|no further (delivery )?attempts|could not be delivered|"
                    + "undeliverable|not delivered|delivery (has )?failed|failed permanently");

    public Bounce read(ParsedMail mail) {
        String text = normalise(mail.text());
        Notification note = Notification.of(text);
        List<Bounce.Recipient> recipients = new ArrayList<>();
        List<String> dsns = new ArrayList<>(mail.reports("message/delivery-status"));
        dsns.addAll(mail.reports("message/global-delivery-status"));
        for (String dsn : dsns) recipients.addAll(fromDsn(dsn, note));
        if (recipients.isEmpty() && DSN_FIELD_IN_TEXT.matcher(text).find()) {
            // a report whose MIME structure is broken: its fields ended up in the text
            recipients.addAll(fromDsn(text, note));
        }
        if (recipients.isEmpty()) recipients.addAll(fromText(mail, note));
        return new Bounce(recipients, originalMessageId(mail, dsns, note));
    }

    // ------------------------------------------------------------------ RFC 3464

    private static List<Bounce.Recipient> fromDsn(String dsn, Notification note) {
        List<Bounce.Recipient> out = new ArrayList<>();
        for (Map<String, String> fields : blocks(dsn)) {
            String address = recipientAddress(fields.get("final-recipient"));
            if (address == null) address = recipientAddress(fields.get("original-recipient"));
            if (address == null) continue;
            String action = lower(fields.get("action"));
            String diagnostic = fields.get("diagnostic-code");
            String status = DeliveryStatus.of(fields.get("status"), diagnostic);
            if (status == null || status.endsWith(".0.0")) {
                // the human-readable part often states what the report leaves generic
                String segment = note.segmentFor(address);
                if (segment != null) {
                    String better = DeliveryStatus.prefer(status, DeliveryStatus.find(segment), DeliveryStatus.replyCode(segment));
                    if (better != null) status = better;
                }
            }
            if (action == null || action.isEmpty()) {
                action = status == null ? "failed" : status.startsWith("2") ? "delivered" : status.startsWith("4") ? "delayed" : "failed";
            } else {
                action = action.replaceAll("[\\s(].*", "");
            }
            if (status == null) {
                // nothing stated as a code: the reason written in prose, if any, says which
                status = DeliveryStatus.refine(switch (action) {
                    case "delivered", "relayed", "expanded" -> "2.0.0";
                    case "delayed" -> "4.0.0";
                    default -> note.defaultStatus();
                }, diagnostic, note.segmentFor(address));
            }
            out.add(new Bounce.Recipient(address, status, action, diagnostic));
        }
        return out;
    }

    /**
     * The per-recipient field groups of a delivery-status part, folded lines joined. A group ends at a
     * blank line, and also where a new Original-/Final-Recipient starts without one (some MTAs omit it).
     */
    static List<Map<String, String>> blocks(String text) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        String lastKey = null;
        for (String line : normalise(text).split("\n", -1)) {
            if (line.isBlank()) {
                if (!current.isEmpty()) blocks.add(current);
                current = new LinkedHashMap<>();
                lastKey = null;
            } else if ((line.startsWith(" ") || line.startsWith("\t")) && lastKey != null) {
                current.put(lastKey, current.get(lastKey) + " " + line.strip());
            } else {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().matches("[A-Za-z][\\w-]*")) {
                    String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                    boolean newRecipient = (key.equals("final-recipient") || key.equals("original-recipient")) && current.containsKey(key);
                    if (newRecipient) {
                        blocks.add(current);
                        current = new LinkedHashMap<>();
                    }
                    lastKey = key;
                    current.putIfAbsent(key, line.substring(colon + 1).strip());
                } else {
                    lastKey = null;
                }
            }
        }
        if (!current.isEmpty()) blocks.add(current);
        return blocks;
    }

    /** {@code rfc822; <a@b>} → {@code a@b}. */
    private static String recipientAddress(String field) {
        if (field == null) return null;
        String v = field.contains(";") ? field.substring(field.indexOf(';') + 1) : field;
        v = v.strip().replaceAll("^<|>$", "").strip();
        return v.contains("@") ? v.toLowerCase(Locale.ROOT) : null;
    }

    // ------------------------------------------------------------------ non-standard bounces

    /** A bounce without a DSN: the failed addresses and, for each, the status written next to it. */
    private static List<Bounce.Recipient> fromText(ParsedMail mail, Notification note) {
        Set<String> excluded = excludedAddresses(mail);
        Set<String> addresses = new LinkedHashSet<>();
        for (String h : mail.headers("x-failed-recipients")) {
            Matcher m = ADDRESS.matcher(h);
            while (m.find()) addresses.add(m.group().toLowerCase(Locale.ROOT));
        }
        if (addresses.isEmpty()) addresses.addAll(note.recipients(excluded));
        if (addresses.isEmpty()) addresses.addAll(note.looseAddresses(excluded));
        if (addresses.isEmpty()) addresses.addAll(returnedMessageRecipients(mail, note, excluded));
        List<Bounce.Recipient> out = new ArrayList<>();
        String global = null;
        boolean globalDone = false;
        for (String a : addresses) {
            String status = note.statusFor(a);
            if (status == null) {
                if (!globalDone) {
                    global = DeliveryStatus.of(null, note.head);
                    globalDone = true;
                }
                // nothing stated as a code: the reason written in prose, if any, says which
                status = global != null ? global
                        : DeliveryStatus.refine(note.defaultStatus(), note.segmentFor(a), addresses.size() == 1 ? note.head + "\n" + mail.subject() : null);
            }
            String action = status.startsWith("4") && note.temporary() ? "delayed" : status.startsWith("2") ? "delivered" : "failed";
            if (action.equals("delivered")) {
                // a 2.x.x in a failure notice is a transcript line, not this recipient's fate
                status = note.defaultStatus();
                action = "failed";
            }
            out.add(new Bounce.Recipient(a, status, action, null));
        }
        return out;
    }

    /** Addresses a bounce names that are not failed recipients: its own sender and receiver, the returned mail's sender. */
    private static Set<String> excludedAddresses(ParsedMail mail) {
        Set<String> out = new LinkedHashSet<>();
        if (mail.from() != null) out.add(mail.from().address().toLowerCase(Locale.ROOT));
        for (List<Address> list : List.of(mail.to(), mail.cc(), mail.replyTo())) {
            for (Address a : list) out.add(a.address().toLowerCase(Locale.ROOT));
        }
        for (String h : List.of("return-path")) {
            for (String v : mail.headers(h)) {
                Matcher m = ADDRESS.matcher(v);
                while (m.find()) out.add(m.group().toLowerCase(Locale.ROOT));
            }
        }
        for (String type : List.of("message/rfc822", "text/rfc822-headers", "message/rfc822-headers")) {
            for (String headers : mail.reports(type)) out.addAll(headerAddresses(headers, "from|sender|return-path|reply-to"));
        }
        out.remove("");
        return out;
    }

    /** Last resort: whom the returned message was addressed to. */
    private static List<String> returnedMessageRecipients(ParsedMail mail, Notification note, Set<String> excluded) {
        List<String> out = new ArrayList<>();
        for (String type : List.of("message/rfc822", "text/rfc822-headers", "message/rfc822-headers")) {
            for (String headers : mail.reports(type)) out.addAll(headerAddresses(headers, "to|cc"));
        }
        if (out.isEmpty()) out.addAll(headerAddresses(note.rest, "to|cc"));
        out.removeAll(excluded);
        return out.stream().distinct().toList();
    }

    private static List<String> headerAddresses(String headers, String names) {
        List<String> out = new ArrayList<>();
        Matcher line = Pattern.compile("(?im)^[ \\t]*(?:" + names + ")[ \\t]*:(.*(?:\\n[ \\t]+.*)*)").matcher(normalise(headers));
        while (line.find()) {
            Matcher m = ADDRESS.matcher(line.group(1));
            while (m.find()) out.add(m.group().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static String originalMessageId(ParsedMail mail, List<String> dsns, Notification note) {
        for (String type : List.of("message/rfc822", "text/rfc822-headers", "message/rfc822-headers")) {
            for (String headers : mail.reports(type)) {
                Matcher m = MESSAGE_ID_LINE.matcher(headers);
                if (m.find()) return MessageIds.parseOne(m.group(1));
            }
        }
        for (String dsn : dsns) {
            Matcher m = ORIGINAL_ID_FIELD.matcher(dsn);
            if (m.find()) return MessageIds.parseOne(m.group(1));
        }
        Matcher m = MESSAGE_ID_LINE.matcher(note.rest);
        if (m.find()) return MessageIds.parseOne(m.group(1));
        m = MESSAGE_ID_LINE.matcher(note.head);
        if (m.find()) return MessageIds.parseOne(m.group(1));
        return mail.inReplyTo().isEmpty() ? null : mail.inReplyTo().get(0);
    }

    static String normalise(String text) {
        return text == null ? "" : text.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static String lower(String v) {
        return v == null ? null : v.strip().toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ the notification text

    /** A bounce's text split into the notification ({@link #head}) and the returned message ({@link #rest}). */
    static final class Notification {
        final String head;
        final String rest;
        /** Recipient-naming lines: their start offset in head, and the address they name. */
        private final List<int[]> lineStarts = new ArrayList<>();
        private final List<String> lineAddresses = new ArrayList<>();

        private Notification(String head, String rest) {
            this.head = head;
            this.rest = rest;
            Map<Integer, String> found = new java.util.TreeMap<>();
            for (Pattern p : List.of(RECIPIENT_LINE, RCPT_TO, AFTER_COLON)) {
                Matcher m = p.matcher(head);
                while (m.find()) {
                    int lineStart = head.lastIndexOf('\n', m.start(1)) + 1;
                    int lineEnd = head.indexOf('\n', m.start(1));
                    String line = head.substring(lineStart, lineEnd < 0 ? head.length() : lineEnd);
                    if (p != RCPT_TO && NOT_A_RECIPIENT_LINE.matcher(line).find()) continue;
                    found.putIfAbsent(lineStart, m.group(1).toLowerCase(Locale.ROOT));
                }
            }
            for (Map.Entry<Integer, String> e : found.entrySet()) {
                lineStarts.add(new int[] {e.getKey()});
                lineAddresses.add(e.getValue());
            }
        }

        static Notification of(String text) {
            int cut = cut(text.length() > MAX_NOTICE_CHARS ? text.substring(0, MAX_NOTICE_CHARS) : text);
            return new Notification(text.substring(0, cut), text.substring(cut));
        }

        /** Where the returned message starts: a marker line, or a block of column-0 header lines. */
        private static int cut(String text) {
            int cut = text.length();
            Matcher m = ORIGINAL_MARKER.matcher(text);
            if (m.find()) cut = m.start();
            String[] lines = text.substring(0, cut).split("\n", -1);
            int offset = 0;
            for (int i = 0; i < lines.length; i++) {
                if (STRONG_HEADER_LINE.matcher(lines[i]).find()) return Math.min(cut, offset);
                if (HEADER_LINE.matcher(lines[i]).find()) {
                    int headerish = 0;
                    boolean addressing = false;
                    for (int j = i; j < lines.length && j < i + 6; j++) {
                        if (HEADER_LINE.matcher(lines[j]).find()) {
                            headerish++;
                            addressing |= ADDRESSING_HEADER_LINE.matcher(lines[j]).find();
                        } else if (!lines[j].startsWith(" ") && !lines[j].startsWith("\t")) {
                            break;
                        }
                    }
                    if (headerish >= 3 && addressing) return Math.min(cut, offset);
                }
                offset += lines[i].length() + 1;
            }
            return cut;
        }

        /** The recipients named on recipient lines, in order of appearance. */
        List<String> recipients(Set<String> excluded) {
            LinkedHashSet<String> out = new LinkedHashSet<>(lineAddresses);
            out.removeAll(excluded);
            return new ArrayList<>(out);
        }

        /** Any address the notification names (outside URLs and sender lines). */
        List<String> looseAddresses(Set<String> excluded) {
            LinkedHashSet<String> out = new LinkedHashSet<>();
            for (String line : head.split("\n")) {
                if (NOT_A_RECIPIENT_LINE.matcher(line).find()) continue;
                Matcher m = ADDRESS.matcher(line.replaceAll("(?i)\\b(https?|mailto):\\S+", " "));
                while (m.find()) out.add(m.group().toLowerCase(Locale.ROOT));
            }
            out.removeAll(excluded);
            return new ArrayList<>(out);
        }

        /** The text from a line naming {@code address} to the next line naming another one; null when none names it. */
        String segmentFor(String address) {
            StringBuilder all = null;
            for (int i = 0; i < lineAddresses.size(); i++) {
                if (!lineAddresses.get(i).equals(address)) continue;
                String s = segment(i);
                if (DeliveryStatus.find(s) != null || DeliveryStatus.replyCode(s) != null) return s;
                if (all == null) all = new StringBuilder(s);
            }
            if (all != null) return all.toString();
            int at = head.toLowerCase(Locale.ROOT).indexOf(address);
            if (at < 0) return null;
            int lineStart = head.lastIndexOf('\n', at) + 1;
            int end = head.indexOf("\n\n", at);
            return head.substring(lineStart, end < 0 ? head.length() : end);
        }

        private String segment(int i) {
            int start = lineStarts.get(i)[0];
            int end = head.length();
            for (int j = i + 1; j < lineStarts.size(); j++) {
                if (!lineAddresses.get(j).equals(lineAddresses.get(i))) {
                    end = lineStarts.get(j)[0];
                    break;
                }
            }
            return head.substring(start, end);
        }

        /** The status stated next to {@code address}, or null. */
        String statusFor(String address) {
            String s = segmentFor(address);
            return s == null ? null : DeliveryStatus.of(null, s);
        }

        boolean temporary() {
            return TEMPORARY.matcher(head).find() && !PERMANENT.matcher(head).find();
        }

        /** What a failure notice that states no code means: permanent, unless it says it is temporary. */
        String defaultStatus() {
            return temporary() ? "4.0.0" : "5.0.0";
        }
    }
}
