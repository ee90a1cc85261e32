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

    /** A closing alone on its line: "Regards,", "Best regards", "Thanks!", "Med venlig hilsen". */
    static boolean closingLine(String line) {
        String s = line.strip();
        return s.length() <= 30 && (CLOSING.matcher(s).matches() || OTHER_CLOSING.matcher(s).matches())
                && !s.endsWith(".") && !s.endsWith("?");
    }

    private static final Pattern OTHER_CLOSING = Pattern.compile(
            "^(?:(?:mit )?(?:freundlichen|besten|viele|liebe) grüße|mfg|lg|vg|cordialement|bien à vous|salutations|saludos|atentamente|un saludo|cordiali saluti|saluti|distinti saluti|met vriendelijke groet(?:en)?|groeten|mvg|med venlig hilsen|venlig hilsen|hilsen|mvh|med vennlig hilsen|vennlig hilsen|med vänliga hälsningar|vänliga hälsningar|hälsningar|mvh|ystävällisin terveisin|terveisin|z poważaniem|pozdrawiam|pozdrowienia|s pozdravem|с уважением|atenciosamente|abraços|cumprimentos|sincerely|yours sincerely|yours truly|warm regards|warmly|all the best|take care|kh|kr)[,!.]?\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private static final Pattern TITLE = Pattern.compile(
            "(?<![\\p{L}])(?:ceo|cto|cfo|coo|cio|vp|founder|co-founder|owner|president|director|manager|engineer|developer|consultant|lead|head of|officer|specialist|analyst|architect|administrator|admin|team|sales|support|partner|assistant|coordinator|inc|ltd|llc|plc|gmbh|ag|s\\.a\\.|b\\.v\\.|corp|company|geschäftsführer|leiter|leiterin|direktor|directeur|directrice|gérant|responsable|gerente|ingeniero|ingénieur|ingegnere|direttore|afdeling|avdelning|kierownik|директор|менеджер)(?![\\p{L}])|@|https?://|www\\.",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /**
     * A name followed by one to four short lines of title, company or contact ("John Doe / CEO at
     * Pandaland / @pandaland"): a signature block, not the customer's words.
     */
    static boolean titleBlock(List<String> paragraph) {
        List<String> rows = paragraph.stream().filter(l -> !l.isBlank()).toList();
        if (rows.size() < 2 || rows.size() > 5 || !nameLine(rows.get(0))) return false;
        boolean titled = false;
        for (String l : rows.subList(1, rows.size())) {
            String s = l.strip();
            if (s.length() > 60 || s.endsWith(".") || s.endsWith("?") || s.endsWith(":")) return false;
            if (TITLE.matcher(s).find() || CONTACT.matcher(s).find()) titled = true;
        }
        return titled;
    }

    /** A short name line ("Stavros Xxxxxx") that belongs to the mobile signature below it. */
    static boolean nameLine(String line) {
        String s = line.strip();
        return s.length() <= 40 && NAME_LINE.matcher(s).matches() && !CLOSING.matcher(s).matches();
    }

    private static final Pattern DASH_NAME = Pattern.compile("^\\s*(?:-|--\\s?|/)\\p{Lu}[\\p{L}.'-]*(?:\\s\\p{Lu}[\\p{L}.'-]*){0,2}\\s*$", Pattern.UNICODE_CASE);

    /** "-Abhishek Kona", "-- Tim", "/John": a one-line sign-off with a dash or a slash. */
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
