package postdesk.reply;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines mail clients put above quoted history: attribution lines ("On … wrote:" and its
 * translations, date-first Gmail/Yandex/mail.ru forms), Outlook-style header blocks
 * (From:/Sent:/To:/Subject: in many languages), "Original Message" and forward separators, and
 * reply-above-this-line markers. Pure pattern knowledge; {@link ReplyExtractor} decides what to cut.
 */
final class QuoteHeaders {
    private QuoteHeaders() {
    }

    /** Words clients put before the date of an attribution line ("On", "Le", "Am", "W dniu" …). */
    private static final String LEADS = "on|at|le|am|el|il|op|em|en|den|dne|dnia|dňa|w dniu|på|pe|vào|στις|dana|ve|tanggal|pada tanggal|pada|în|el dia|kl\\.|no|na|u|v|в|у|sent|dátum|在";
    private static final Pattern STRONG_START = Pattern.compile(
            "^[\\s\\-]*(?:(?:" + LEADS + ")\\s+\\S"
                    + "|\\d{1,4}(?:[./\\-年]|\\s\\p{L}|\\.\\s)"
                    + "|(?:mon|tue|wed|thu|fri|sat|sun|man|tir|ons|tor|fre|lør|søn|mån|tis|lun|mar|mer|jeu|ven|sam|dim|mo|di|mi|do|fr|sa|so|пн|вт|ср|чт|пт|сб|вс)[\\p{L}]*\\.?,?\\s+\\d"
                    + "|在\\s*\\d)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** "wrote" in the languages mail clients are localised to; a letter must not touch a Latin word. */
    private static final String VERBS_WORD = "wrote|writes|has written|schrieb|geschrieben|a écrit|écrit|escribió|escribio|ha escrito|escrito|ha escrit|escrit|escreveu|scrisse|ha scritto|scritto|schreef|het volgende geschreven|geschreven|skrev|skriver|kirjoitti|napisał\\(a\\)|napisała|napisał|napisal|napsal|napísal|napisao|pisze|написал\\(а\\)|написала|написал|написав|написа|пише|пишет|yazdı|έγραψε|đã viết|írta|a scris|rašė|rakstīja|kirjutas|menulis|sumulat|aliandika|skrifaði|va escriure|escribiu|idatzi zuen|ysgrifennodd|shkroi|напиша|sent";
    private static final String VERBS_CJK = "写道|寫道|작성|のメッセージ|כתב|كتب|نوشت|ने लिखा|เขียน";
    private static final Pattern VERB = Pattern.compile(
            "(?<![\\p{L}])(?:" + VERBS_WORD + ")(?![\\p{L}])|(?:" + VERBS_CJK + ")",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern SENT_ONLY = Pattern.compile("(?<![\\p{L}])sent(?![\\p{L}])", Pattern.CASE_INSENSITIVE);
    private static final Pattern ENDS_WITH_VERB = Pattern.compile(
            "(?:(?<![\\p{L}])(?:" + VERBS_WORD + ")|" + VERBS_CJK + ")\\s*[:：]?\\s*$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern HAS_DATE_OR_ADDRESS = Pattern.compile(
            "@|\\d{1,2}[:.h]\\d{2}|\\d{1,4}[./\\-]\\d{1,2}[./\\-]\\d{1,4}|(?<!\\d)(?:19|20)\\d{2}(?!\\d)|\\d+年");
    /** Date first, address last: "2014-03-20 8:48 GMT+01:00 Name <a@b>:", "26.06.2014, 14:41, "Name" <a@b>:". */
    private static final Pattern DATE_FIRST = Pattern.compile(
            "^(?:\\p{L}{2,9}\\.?,?\\s+)?\\d{1,4}(?:[./\\-年]\\s?|\\s)(?:\\d{1,2}|\\p{L}{3,9}\\.?)[./\\-\\s,月].{0,160}<[^<>\\s]+@[^<>\\s]+>\\)?\\s*[:：]?$",
            Pattern.UNICODE_CASE);

    /** Is this (joined) text an attribution line? */
    static boolean isAttribution(String joined) {
        String s = joined.replaceAll("[\\s\\u00a0]+", " ").replace("< ", "<").replace(" >", ">").strip();
        boolean framed = s.matches("^-{2,}.*\\S.*-{2,}$");
        s = s.replaceAll("^-{2,}\\s*", "").replaceAll("\\s*-{2,}$", "").replaceAll("^\\*+|\\*+$", "").strip();
        if (s.isEmpty() || s.length() > 400) return false;
        // Android's "---- Name wrote ----": the dashes and the closing verb are the whole signal
        if (framed && s.length() <= 120 && ENDS_WITH_VERB.matcher(s).find() && !SENT_ONLY.matcher(s).find()) return true;
        if (DATE_FIRST.matcher(s).matches() && s.length() <= 220) return true;
        boolean colon = s.endsWith(":") || s.endsWith("：");
        if (!colon && !ENDS_WITH_VERB.matcher(s).find()) return false;
        Matcher v = VERB.matcher(s);
        boolean verb = false;
        while (v.find()) {
            if (SENT_ONLY.matcher(v.group()).matches() && !STRONG_START.matcher(s).find()) continue;
            verb = true;
            break;
        }
        return verb && HAS_DATE_OR_ADDRESS.matcher(s).find();
    }

    /** A line holding a date, a time or an address: part of an attribution wrapped over lines. */
    static boolean carriesDateOrAddress(String line) {
        return HAS_DATE_OR_ADDRESS.matcher(line).find();
    }

    /** Lines that can open an attribution: "On …", "Le …", a date, a weekday with a date. */
    static boolean strongStart(String line) {
        return STRONG_START.matcher(line).find();
    }

    /** Cheap test for the last line of an attribution. */
    static boolean canEndAttribution(String line) {
        String s = line.strip();
        if (s.isEmpty()) return false;
        char c = s.charAt(s.length() - 1);
        return c == ':' || c == '：' || c == '>' || c == '-' || c == '*' || ENDS_WITH_VERB.matcher(s).find();
    }

    // ------------------------------------------------------------------ Outlook header blocks

    enum Key { FROM, DATE, TO, CC, SUBJECT, OTHER }

    private static final String FROM_KEYS = "from|von|de|da|van|fra|från|frá|od|от|від|lähettäjä|feladó|kimden|από|nuo|saatja|pošiljatelj|afzender|expéditeur|remitente|mittente|absender|发件人|寄件者|寄件人|差出人|보낸 사람|người gửi";
    private static final String DATE_KEYS = "sent|date|dato|datum|gesendet|envoyé|envoyé le|enviado|enviada|enviado el|inviato|data|verzonden|verstuurd|sendt|skickat|wysłano|wysłane|odesláno|отправлено|дата|надіслано|lähetetty|päivämäärä|elküldve|dátum|tarih|gönderildi|ημερομηνία|στάλθηκε|发送时间|发送日期|日期|傳送時間|寄件日期|送信日時|日付|보낸 날짜|ngày gửi|ngày|sent on|date sent";
    private static final String TO_KEYS = "to|an|à|a|aan|til|till|do|кому|para|per|vastaanottaja|címzett|kime|προς|收件人|收件者|宛先|받는 사람|đến|destinatario|destinataire";
    private static final String CC_KEYS = "cc|kopie|kopia|копия|kopio|másolat|bilgi|κοιν|抄送|副本|cc 参照|참조";
    private static final String SUBJECT_KEYS = "subject|betreff|objet|oggetto|asunto|assunto|onderwerp|emne|ämne|temat|předmět|тема|aihe|tárgy|konu|θέμα|主题|主旨|件名|제목|tiêu đề|sujet";
    private static final Pattern KEY_LINE = Pattern.compile(
            "^\\s*[*_]?\\s*(" + FROM_KEYS + "|" + DATE_KEYS + "|" + TO_KEYS + "|" + CC_KEYS + "|" + SUBJECT_KEYS + "|reply-to|risposta|antwort an|répondre à|responder a)\\s*[*_]?\\s*[:：]\\s*[*_]?\\s*(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern SECOND_KEY = Pattern.compile(
            "\\s(?:sent|date|to|subject|datum|gesendet|an|betreff|envoyé|objet|à)\\s?:\\s", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    static Key key(String line) {
        Matcher m = KEY_LINE.matcher(line);
        if (!m.matches()) return null;
        String k = m.group(1).toLowerCase(Locale.ROOT);
        if (oneOf(k, FROM_KEYS)) return Key.FROM;
        if (oneOf(k, DATE_KEYS)) return Key.DATE;
        if (oneOf(k, TO_KEYS)) return Key.TO;
        if (oneOf(k, CC_KEYS)) return Key.CC;
        if (oneOf(k, SUBJECT_KEYS)) return Key.SUBJECT;
        return Key.OTHER;
    }

    private static boolean oneOf(String k, String alternatives) {
        for (String a : alternatives.split("\\|")) {
            if (a.equals(k)) return true;
        }
        return false;
    }

    /**
     * An Outlook-style header block starts at this line: a From:/Date:/Sent: line followed by
     * another header line of a different kind (a wrapped value line may sit between), or one line
     * holding two of them ("From: a Date: b").
     */
    static boolean headerBlockAt(List<String> lines, int i) {
        Key first = key(lines.get(i));
        if (first != Key.FROM && first != Key.DATE) return false;
        if (SECOND_KEY.matcher(lines.get(i)).find() && lines.get(i).contains("@")) return true;
        int kinds = 1;
        Key prev = first;
        int gap = 0;
        for (int j = i + 1; j < lines.size() && j <= i + 8; j++) {
            String l = lines.get(j);
            if (l.isBlank()) break;
            Key k = key(l);
            if (k == null) {
                if (++gap > 1) break;
                continue;
            }
            gap = 0;
            if (k != prev && k != Key.OTHER) kinds++;
            prev = k;
            if (kinds >= 2) return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ separators and markers

    private static final Pattern ORIGINAL_MESSAGE = Pattern.compile(
            "^\\s*[*_>]*\\s*-{2,}\\s*[*_]*\\s*(?:original message|original|reply message|antwort nachricht|ursprüngliche nachricht|originalnachricht|message d'origine|message original|mensaje original|messaggio originale|oorspronkelijk bericht|origineel bericht|oprindelig meddelelse|oprindelig besked|opprinnelig melding|ursprungligt meddelande|alkuperäinen viesti|wiadomość oryginalna|oryginalna wiadomość|původní zpráva|pôvodná správa|исходное сообщение|оригинальное сообщение|原始邮件|原始郵件|原始信件|元のメッセージ|원본 메시지|mensagem original|eredeti üzenet|orijinal mesaj|αρχικό μήνυμα|thư gốc)\\s*[*_]*\\s*-{0,}\\s*[*_]*\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern FORWARD = Pattern.compile(
            "^\\s*[*_]*\\s*-*\\s*(?:forwarded message|forwarded e-?mail|begin forwarded message|weitergeleitete nachricht|anfang der weitergeleiteten nachricht|message transféré|début du message (?:réexpédié|transféré)|mensaje reenviado|messaggio inoltrato|inizio messaggio inoltrato|doorgestuurd bericht|videresendt meddelelse|videresendt melding|vidarebefordrat meddelande|välitetty viesti|przekazana wiadomość|přeposlaná zpráva|пересылаемое сообщение|пересланное сообщение|mensagem encaminhada|转发的邮件|轉寄的郵件|転送されたメッセージ|전달된 메시지)\\s*:?\\s*-*\\s*[*_]*\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /** "## Please reply above this line ##"-style markers of ticket systems and forums, any language. */
    private static final Pattern REPLY_ABOVE = Pattern.compile(
            "(?:^\\s*#{2,}.{0,80}#{2,}\\s*$)|above this line|oberhalb dieser zeile|au-dessus de cette ligne|por encima de esta línea|encima de esta linha|acima desta linha|sopra questa riga|boven deze regel|ovenfor denne linje|ovanför denna rad|powyżej tej linii|над этой строкой|nad tímto řádkem",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private static final Pattern FRAMED_PHRASE = Pattern.compile("^\\s*[-=_*]{3,}\\s*\\p{L}[\\p{L}'’ ]{2,40}?\\s*[-=_*]{3,}\\s*$", Pattern.UNICODE_CASE);

    /** "-------- Oprindelig besked --------", "===== Mensagem original =====": a phrase between rules, any language. */
    static boolean framedPhrase(String line) {
        return FRAMED_PHRASE.matcher(line).matches();
    }

    static boolean originalMessage(String line) {
        return ORIGINAL_MESSAGE.matcher(line).matches();
    }

    static boolean forward(String line) {
        return FORWARD.matcher(line).matches();
    }

    static boolean replyAboveMarker(String line) {
        return line.contains(ReplyExtractor.MARKER)
                || (line.length() < 160 && line.codePoints().anyMatch(Character::isLetter) && REPLY_ABOVE.matcher(line).find());
    }

    private static final Pattern SHARED_LINE = Pattern.compile("^(.*?\\S)\\s*(?:-{2,}\\s*)?\\b(On\\s.{6,})$");

    /** "reply On Wed, Apr 4, 2012 at 3:59 PM, bob@example.com wrote:": the reply and the attribution on one line. */
    static String[] splitSharedLine(String line) {
        if (line.length() > 300 || strongStart(line) || line.stripLeading().startsWith(">")) return null;
        Matcher m = SHARED_LINE.matcher(line);
        if (!m.matches()) return null;
        String tail = m.group(2);
        if (!(tail.endsWith(":") || ENDS_WITH_VERB.matcher(tail).find()) || !isAttribution(tail)) return null;
        return new String[] {m.group(1), tail};
    }
}
