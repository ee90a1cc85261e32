package postdesk.reply;

import java.util.regex.Pattern;

/**
 * What the first prefix of a subject says the mail is: a reply ("Re:", "AW:", "SV:", "Odp:" …), a
 * forward ("Fwd:", "WG:", "TR:", "RV:", "I:" …) or neither (a new mail, or a forward whose
 * subject the sender rewrote).
 */
enum SubjectPrefix {
    REPLY, FORWARD, NONE;

    private static final Pattern REPLY_PREFIX = Pattern.compile(
            "^\\s*(?:re|aw|sv|antw|odp|ynt|rif|r|res|ha|atb|vá|απ|отв|回复|答复|回覆)(?:\\[\\d+])?\\s*[:：]",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern FORWARD_PREFIX = Pattern.compile(
            "^\\s*(?:fw|fwd|wg|tr|rv|enc|i|vb|vl|pd|doorst|továbbítás|ilt|İlt|πρθ|пересл|转发|轉寄|転送)(?:\\[\\d+])?\\s*[:：]",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    static SubjectPrefix of(String subject) {
        if (subject == null) return NONE;
        if (REPLY_PREFIX.matcher(subject).find()) return REPLY;
        if (FORWARD_PREFIX.matcher(subject).find()) return FORWARD;
        return NONE;
    }
}
