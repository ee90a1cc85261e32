package postdesk.bounce;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 3463 enhanced status codes ({@code 5.1.1}) as bounces state them: found in free text
 * (diagnostics, SMTP transcripts) without mistaking IP addresses or version numbers for them,
 * and the most specific of two codes chosen (a DSN's {@code Status: 5.0.0} next to a
 * {@code Diagnostic-Code: 550 5.1.1 …} means 5.1.1).
 */
final class DeliveryStatus {
    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])\\d{1,3}(?:\\.\\d{1,3}){3}(?![\\d.]*\\d)");
    /** class.subject.detail; not inside a word, a dotted number or a version ("v5.1.1", "4.8.3.54"). */
    private static final Pattern ENHANCED = Pattern.compile("(?<![\\w.])([245])\\.([0-7])\\.(\\d{1,3})(?![\\w]|\\.\\d)");
    /** An SMTP reply code: three digits standing alone, or "550-5.7.1" continuation style. */
    private static final Pattern REPLY = Pattern.compile("(?<![\\w.:/+=-])([245][0-5]\\d)(?=[ \\t]|-(?:\\d\\.\\d|['\"#A-Za-z])|$|[:,;\\]])", Pattern.MULTILINE);

    private DeliveryStatus() {
    }

    /** The most telling enhanced status code in {@code text}, or null. Generic X.0.0 and 4.4.7 only when nothing else is there. */
    static String find(String text) {
        if (text == null || text.length() < 5) return null;
        Matcher m = ENHANCED.matcher(IPV4.matcher(text).replaceAll("#.#.#.#"));
        String chosen = null;
        String generic = null;
        while (m.find()) {
            String code = m.group(1) + "." + m.group(2) + "." + m.group(3);
            if (code.endsWith(".0.0") || code.equals("4.4.7")) {
                if (generic == null) generic = code;
            } else {
                chosen = chosen == null ? code : prefer(chosen, code, null);
            }
        }
        return chosen != null ? chosen : generic;
    }

    /** The first SMTP reply code in {@code text} ("550"), or null. */
    static String replyCode(String text) {
        if (text == null) return null;
        Matcher m = REPLY.matcher(IPV4.matcher(text).replaceAll("#.#.#.#"));
        return m.find() ? m.group(1) : null;
    }

    /**
     * The status for a recipient given the stated status (a DSN Status field, or a first code), a code
     * found in the diagnostic text and the SMTP reply code: the more specific one, and where their
     * classes disagree the one whose class the reply code confirms.
     */
    static String prefer(String stated, String inText, String reply) {
        if (stated == null) return inText;
        if (inText == null || stated.equals(inText)) return stated;
        if (reply != null && stated.charAt(0) != inText.charAt(0)) {
            if (reply.charAt(0) == stated.charAt(0)) return stated;
            if (reply.charAt(0) == inText.charAt(0)) return inText;
        }
        boolean statedGeneric = stated.endsWith(".0.0");
        boolean textGeneric = inText.endsWith(".0.0");
        if (statedGeneric) return textGeneric ? stated : inText;
        if (textGeneric) return stated;
        boolean statedVague = stated.contains(".0");
        boolean textVague = inText.contains(".0");
        if (statedVague && !textVague) return inText;
        // codes that say little about the recipient: expired (4.4.7), "too many errors" (4.7.0),
        // system errors (5.3.x) and protocol errors (X.5.1/2/4/5)
        if (stated.equals("4.4.7") || stated.equals("4.7.0") || stated.startsWith("5.3.")
                || stated.matches("\\d\\.5\\.[1245]")) {
            return inText;
        }
        if (stated.equals("5.1.1")) return textVague || inText.startsWith("5.5.") ? stated : inText;
        if (stated.equals("5.1.3") && inText.startsWith("5.7.")) return inText;
        return stated;
    }

    /** A full status for a reply code alone: "550" → "5.0.0". */
    static String fromReply(String reply) {
        return reply == null ? null : reply.charAt(0) + ".0.0";
    }

    /** Everything known about one recipient's failure, as one code (null when nothing is stated). */
    static String of(String stated, String diagnostic) {
        String reply = replyCode(diagnostic);
        String s = prefer(normalise(stated), find(diagnostic), reply);
        return s != null ? s : fromReply(reply);
    }

    /** "5.1.1 (user unknown)" → "5.1.1"; anything without a code → null. */
    static String normalise(String statusField) {
        if (statusField == null) return null;
        Matcher m = Pattern.compile("([245])\\.(\\d{1,3})\\.(\\d{1,3})").matcher(statusField);
        return m.find() ? m.group(1) + "." + Integer.parseInt(m.group(2)) + "." + Integer.parseInt(m.group(3)) : null;
    }
    /** Reasons MTAs write in prose instead of a code, and the RFC 3463 subject.detail each means. */
    private static final java.util.List<java.util.Map.Entry<Pattern, String>> REASONS = java.util.List.of(
            java.util.Map.entry(Pattern.compile("(?i)mailbox (is )?full|quota (exceeded|full)|over (the )?quota|exceed(s|ed)? (its |the )?(storage|quota|mailbox size)|insufficient (disk )?(space|storage)|mailbox size limit"), ".2.2"),
            java.util.Map.entry(Pattern.compile("(?i)(account|mailbox|user) (is |has been )?(disabled|suspended|deactivated|inactive|locked|closed)|inactive (account|mailbox|user)"), ".2.1"),
            java.util.Map.entry(Pattern.compile("(?i)user unknown|unknown (user|recipient|local[ -]part|mailbox|address)|no such (user|recipient|mailbox|account|address|local user)|"
                    + "(user|recipient|mailbox|account|addressee) (not found|unknown|does not exist|doesn't exist)|mailbox unavailable|invalid (recipient|mailbox|user)|"
                    + "(is )?not a valid (mailbox|recipient|user)|address (does not exist|rejected|unknown)|no mailbox here|unknown or illegal alias"), ".1.1"),
            java.util.Map.entry(Pattern.compile("(?i)host (unknown|not found)|domain (not found|does not exist)|no such domain|unrouteable (address|domain)|name or service not known|"
                    + "no (mx|mail exchanger|valid mx)|unknown (host|domain)"), ".1.2"),
            java.util.Map.entry(Pattern.compile("(?i)(message|mail) (size )?(is )?too (large|big)|exceed(s|ed)?\\b[\\w ]{0,30}\\bsize|size limit exceeded|message length exceeds"), ".3.4"),
            java.util.Map.entry(Pattern.compile("(?i)relay(ing)? (access )?(denied|not permitted|prohibited)|not permitted to relay|we do not relay"), ".7.1"),
            java.util.Map.entry(Pattern.compile("(?i)black ?list|block ?list|blocked|spam|rejected (for|due to|by) (local )?policy|policy (violation|rejection)|access denied|not authori[sz]ed"), ".7.1"),
            java.util.Map.entry(Pattern.compile("(?i)network (error|unreachable)|connection (refused|timed out|reset)|host (is )?unreachable|no route to host"), ".4.1"));

    /**
     * A generic status (X.0.0, or none) made specific by the reason the text states in prose
     * ("User unknown", "Mailbox full", "Relay access denied"): the class stays as stated (5 when
     * nothing is stated); the first text that names a reason wins.
     */
    static String refine(String status, String... texts) {
        if (status != null && (!status.endsWith(".0.0") || status.startsWith("2"))) return status;
        char cls = status == null ? '5' : status.charAt(0);
        for (String text : texts) {
            if (text == null) continue;
            for (java.util.Map.Entry<Pattern, String> r : REASONS) {
                if (r.getKey().matcher(text).find()) return cls + r.getValue();
            }
        }
        return status;
    }
}
