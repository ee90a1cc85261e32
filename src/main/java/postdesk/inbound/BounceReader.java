package postdesk.inbound;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import postdesk.mail.MessageIds;

/**
 * Reads delivery reports: the per-recipient fields of an RFC 3464 {@code message/delivery-status}
 * part where there is one, else what non-standard bounces offer ({@code X-Failed-Recipients},
 * status codes in the text), and the Message-ID of the returned mail.
 */
final class BounceReader {
    private static final Pattern ENHANCED_STATUS = Pattern.compile("\\b([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");
    private static final Pattern REPLY_CODE = Pattern.compile("\\b([245])\\d\\d\\b");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._%+'=/-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final Pattern MESSAGE_ID_LINE = Pattern.compile("(?im)^message-id:\\s*(<[^>\\s]+>)");

    Bounce read(ParsedMail mail) {
        List<Bounce.Recipient> recipients = new ArrayList<>();
        for (String type : List.of("message/delivery-status", "message/global-delivery-status")) {
            for (String dsn : mail.reports(type)) recipients.addAll(fromDsn(dsn));
        }
        if (recipients.isEmpty()) recipients.addAll(fromText(mail));
        return new Bounce(recipients, originalMessageId(mail));
    }

    private static List<Bounce.Recipient> fromDsn(String dsn) {
        List<Bounce.Recipient> out = new ArrayList<>();
        for (Map<String, String> fields : blocks(dsn)) {
            String address = recipientAddress(fields.getOrDefault("final-recipient", fields.get("original-recipient")));
            if (address == null) continue;
            String action = lower(fields.get("action"));
            String diagnostic = fields.get("diagnostic-code");
            String status = status(fields.get("status"), diagnostic);
            if (action == null && status != null) action = status.startsWith("2") ? "delivered" : status.startsWith("4") ? "delayed" : "failed";
            out.add(new Bounce.Recipient(address, status, action, diagnostic));
        }
        return out;
    }

    /** The blank-line separated field groups of a delivery-status part, folded lines joined. */
    static List<Map<String, String>> blocks(String text) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        String lastKey = null;
        for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
            if (line.isBlank()) {
                if (!current.isEmpty()) blocks.add(current);
                current = new LinkedHashMap<>();
                lastKey = null;
            } else if ((line.startsWith(" ") || line.startsWith("\t")) && lastKey != null) {
                current.put(lastKey, current.get(lastKey) + " " + line.strip());
            } else {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    lastKey = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                    current.putIfAbsent(lastKey, line.substring(colon + 1).strip());
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

    private static String status(String statusField, String diagnostic) {
        for (String v : new String[] {statusField, diagnostic}) {
            if (v == null) continue;
            Matcher m = ENHANCED_STATUS.matcher(v);
            if (m.find()) return m.group(1) + "." + m.group(2) + "." + m.group(3);
        }
        if (diagnostic != null) {
            Matcher m = REPLY_CODE.matcher(diagnostic);
            if (m.find()) return m.group(1) + ".0.0";
        }
        return null;
    }

    /** A bounce without a DSN: the failed addresses from X-Failed-Recipients, or the text, with the first status code found. */
    private static List<Bounce.Recipient> fromText(ParsedMail mail) {
        List<String> addresses = new ArrayList<>();
        for (String h : mail.headers("x-failed-recipients")) {
            Matcher m = ADDRESS.matcher(h);
            while (m.find()) addresses.add(m.group().toLowerCase(Locale.ROOT));
        }
        String text = mail.text();
        if (addresses.isEmpty()) {
            Matcher m = ADDRESS.matcher(text);
            while (m.find() && addresses.size() < 20) {
                String a = m.group().toLowerCase(Locale.ROOT);
                if (!addresses.contains(a) && !a.equals(mail.from().address())) addresses.add(a);
            }
            if (addresses.size() > 1) addresses = addresses.subList(0, 1); // the first address named is the failed one
        }
        String status = status(null, text);
        List<Bounce.Recipient> out = new ArrayList<>();
        for (String a : addresses) out.add(new Bounce.Recipient(a, status, "failed", null));
        return out;
    }

    private static String originalMessageId(ParsedMail mail) {
        for (String type : List.of("message/rfc822", "text/rfc822-headers", "message/rfc822-headers")) {
            for (String headers : mail.reports(type)) {
                Matcher m = MESSAGE_ID_LINE.matcher(headers);
                if (m.find()) return MessageIds.parseOne(m.group(1));
            }
        }
        Matcher m = MESSAGE_ID_LINE.matcher(mail.text());
        return m.find() ? MessageIds.parseOne(m.group(1)) : null;
    }

    private static String lower(String v) {
        return v == null ? null : v.strip().toLowerCase(Locale.ROOT);
    }
}
