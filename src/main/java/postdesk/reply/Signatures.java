package postdesk.reply;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signature knowledge: the "-- " delimiter and other separator rules, "Sent from my iPhone" lines
 * of mobile clients (many languages), "-Name" sign-offs and contact blocks at the end of a mail.
 * A plain "Regards,\nName" closing is part of the message and is not a signature.
 */
final class Signatures {
    private Signatures() {
    }

    /** A line of separator characters only ("--", "-- ", "____", "***", "=====" …). */
    private static final Pattern DELIMITER = Pattern.compile("^\\s*(?:[-_=+~#*—–]{2,}|[ᐧ—])\\s*$");

    static boolean delimiter(String line) {
        return DELIMITER.matcher(line).matches();
    }

    private static final Pattern SENT_FROM = Pattern.compile(
            "^[\\s(<\\[]*(?:sent|envoyé|envoye|gesendet|enviado|enviada|inviato|verzonden|verstuurd|sendt|skickat|wysłane|wysłano|odesláno|odoslané|отправлено|надіслано|lähetetty|gönderildi)\\s+"
                    + "(?:from|with|via|using|depuis|de|avec|von|mit|desde|con|do|da|dal|met|vanaf|van|fra|från|med|z|ze|zo|с|з)\\b\\s*(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern OTHER_MOBILE = Pattern.compile(
            "^[\\s(<\\[]*(?:"
                    + "von meinem .{1,40} gesendet"
                    + "|diese nachricht wurde von meinem .{1,60} gesendet"
                    + "|gesendet von meinem .{1,40}"
                    + "|get outlook for .{1,30}"
                    + "|(?:sent )?via (?:mobile|phone|iphone|ipad|android|blackberry|my mobile)"
                    + "|從我的.{1,20}傳送|从我的.{1,20}发送|发自我的.{1,20}|.{1,20}から送信"
                    + "|envoyé de mon .{1,30}|enviado desde mi .{1,30}|enviado do meu .{1,30}|inviato dal mio .{1,30}"
                    + "|lähetetty \\S+(?:sta|stä)"
                    + "|verzonden vanaf mijn .{1,30}|verstuurd vanaf mijn .{1,30}|sendt fra min .{1,30}|skickat från min .{1,30}"
                    + ")[\\s)>\\].!]*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern EXCUSE = Pattern.compile("excuse|typo|brevity|pardon|sorry|désolé|entschuldig", Pattern.CASE_INSENSITIVE);

    /** "Sent from my iPhone", "Envoyé depuis mon iPhone", "Sendt fra min iPad", "Get Outlook for iOS" … */
    static boolean mobile(String line) {
        String s = line.strip();
        if (s.isEmpty() || s.length() > 100) return false;
        if (OTHER_MOBILE.matcher(s).matches()) return true;
        Matcher m = SENT_FROM.matcher(s);
        if (!m.matches()) return false;
        String rest = m.group(1).replaceAll("<[^>]*>|\\([^)]*\\)|\\[([^\\]]*)]\\([^)]*\\)", "$1").strip();
        // "Sent from my desk, is much easier then …" is a sentence; "Sent from my cell, please excuse typos" is not
        int cut = indexOfSentenceBreak(rest);
        String head = cut < 0 ? rest : rest.substring(0, cut);
        if (cut >= 0 && !EXCUSE.matcher(rest.substring(cut)).find()) return false;
        String[] words = head.strip().split("\\s+");
        return !head.isBlank() && words.length <= 7;
    }

    private static int indexOfSentenceBreak(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c == ',' || c == '.' || c == ';' || c == '!') && i + 1 < s.length() && Character.isWhitespace(s.charAt(i + 1))) return i;
        }
        return -1;
    }

    private static final Pattern NAME_LINE = Pattern.compile("^\\p{Lu}[\\p{L}.'-]*(?:\\s+\\p{Lu}[\\p{L}.'-]*){0,2}$", Pattern.UNICODE_CASE);
    private static final Pattern CLOSING = Pattern.compile(
            "^(?:thanks|thank you|thx|cheers|regards|best|br|kind regards|best regards|danke|merci|gracias|grazie|bedankt|tack|takk|tak|dzięki|спасибо|ciao|bye|love|xoxo)\\b.*",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** A short name line ("Stavros Xxxxxx") that belongs to the mobile signature below it. */
    static boolean nameLine(String line) {
        String s = line.strip();
        return s.length() <= 40 && NAME_LINE.matcher(s).matches() && !CLOSING.matcher(s).matches();
    }

    private static final Pattern DASH_NAME = Pattern.compile("^\\s*(?:-|--\\s?)\\p{Lu}[\\p{L}.'-]*(?:\\s\\p{Lu}[\\p{L}.'-]*){0,2}\\s*$", Pattern.UNICODE_CASE);

    /** "-Abhishek Kona", "-- Tim": a one-line sign-off with a dash. */
    static boolean dashName(String line) {
        return line.strip().length() <= 40 && DASH_NAME.matcher(line).matches();
    }

    private static final Pattern CONTACT = Pattern.compile(
            "[\\w.+-]+@[\\w-]+\\.[\\w.]+|(?:https?://|www\\.)\\S+|^\\s*(?:tel|phone|mobile|mob|fax|cell|t|m|p|f)?\\.?:?\\s*[+(]?\\d[\\d ()./-]{6,}\\d\\s*$",
            Pattern.CASE_INSENSITIVE);

    /**
     * A contact block closing the mail: a name line and then two or more short lines of e-mail
     * address, phone number or web address.
     */
    static boolean contactBlock(List<String> paragraph) {
        if (paragraph.size() < 3 || paragraph.size() > 7) return false;
        if (!nameLine(paragraph.get(0))) return false;
        int contacts = 0;
        for (int i = 1; i < paragraph.size(); i++) {
            String l = paragraph.get(i).strip();
            if (l.length() > 60) return false;
            if (CONTACT.matcher(l).find()) contacts++;
        }
        return contacts >= 2 && contacts >= paragraph.size() - 2;
    }
}
