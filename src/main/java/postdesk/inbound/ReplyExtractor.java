package postdesk.inbound;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Pipeline step: separates the new text of a reply from the quoted history below it. Cuts at
 * Postdesk's own reply marker, an "On … wrote:" line (several languages), an Outlook
 * "Original Message" or From:/Sent: header block, or a trailing run of "> " lines. When the
 * writer answered inline between quotes, nothing is cut, so no answer is lost.
 */
public final class ReplyExtractor {
    /** Put at the top of every mail Postdesk sends; everything below it in a reply is history. */
    public static final String MARKER = "##- Please type your reply above this line -##";

    private static final Pattern WROTE = Pattern.compile(
            "^\\s*(on|am|le|el|op|il|em|den|dne|w dniu|på)\\s.{4,}?(wrote|schrieb|a écrit|escribió|schreef|ha scritto|escreveu|skrev|napisał|napsal)\\s*:?\\s*$"
                    // German, Dutch and Scandinavian clients put the name after the verb: "Am … schrieb Name <a@b>:"
                    + "|^\\s*(am|op|den|på)\\s.{4,}?\\s(schrieb|schreef|skrev)\\s.+:\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern WROTE_TAIL = Pattern.compile(
            "^.{0,80}(wrote|schrieb|a écrit|escribió|schreef|ha scritto|escreveu|skrev|napisał)\\s*:\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern WROTE_HEAD = Pattern.compile(
            "^\\s*(on|am|le|el|op|il|em)\\s.{4,}", Pattern.CASE_INSENSITIVE);
    private static final Pattern ORIGINAL_MESSAGE = Pattern.compile(
            "^\\s*-{2,}\\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|oorspronkelijk bericht|messaggio originale|forwarded message)\\s*-{2,}\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_FROM = Pattern.compile("^\\s*\\*?(from|von|de|van|da)\\s*:\\*?\\s+.+", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_SENT = Pattern.compile("^\\s*\\*?(sent|date|gesendet|datum|envoyé|enviado|verzonden|inviato)\\s*:\\*?\\s+.+", Pattern.CASE_INSENSITIVE);
    private static final Pattern UNDERSCORES = Pattern.compile("^\\s*_{20,}\\s*$");

    /** The new text and what was cut from it (history, kept to be shown folded). */
    public record Reply(String text, String quoted) {
    }

    public Reply extract(String fullText) {
        String text = fullText.replace("\r\n", "\n").replace('\r', '\n');
        List<String> lines = text.lines().toList();
        int cut = findCut(lines);
        if (cut < 0) return new Reply(text.strip(), "");
        String reply = String.join("\n", lines.subList(0, cut)).strip();
        String quoted = String.join("\n", lines.subList(cut, lines.size())).strip();
        return new Reply(reply, quoted);
    }

    private int findCut(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.contains(MARKER)) return i;
            if (ORIGINAL_MESSAGE.matcher(line).matches()) return i;
            if (UNDERSCORES.matcher(line).matches() && i + 1 < lines.size() && HEADER_FROM.matcher(lines.get(i + 1)).matches()) return i;
            if (HEADER_FROM.matcher(line).matches() && headerBlockFollows(lines, i)) return i;
            boolean wrote = WROTE.matcher(line).matches();
            int headerLines = 1;
            if (!wrote && i + 1 < lines.size() && WROTE_HEAD.matcher(line).matches() && WROTE_TAIL.matcher(lines.get(i + 1)).matches()) {
                wrote = true; // the header was wrapped over two lines
                headerLines = 2;
            }
            if (wrote) return answeredInline(lines, i + headerLines) ? -1 : i;
        }
        return trailingQuote(lines);
    }

    /** Outlook's block: From: followed within a few lines by Sent:/Date:. */
    private static boolean headerBlockFollows(List<String> lines, int from) {
        for (int j = from + 1; j < Math.min(lines.size(), from + 5); j++) {
            if (HEADER_SENT.matcher(lines.get(j)).matches()) return true;
        }
        return false;
    }

    /** Unquoted text after a quote below the header means the writer answered between the quotes. */
    private static boolean answeredInline(List<String> lines, int start) {
        boolean seenQuote = false;
        for (int j = start; j < lines.size(); j++) {
            String l = lines.get(j).strip();
            if (l.startsWith(">")) {
                seenQuote = true;
            } else if (!l.isEmpty() && seenQuote) {
                return !l.equals("--") && !l.startsWith("-- ");
            }
        }
        return false;
    }

    /** A block of "> " lines that runs to the end of the mail (blank lines allowed). */
    private static int trailingQuote(List<String> lines) {
        int cut = -1;
        for (int i = lines.size() - 1; i >= 0; i--) {
            String l = lines.get(i).strip();
            if (l.startsWith(">")) {
                cut = i;
            } else if (!l.isEmpty()) {
                break;
            }
        }
        return cut;
    }
}
