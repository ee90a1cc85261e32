package postdesk.inbound;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Pipeline step: tells human mail from machine mail by its headers (RFC 3834 Auto-Submitted,
 * the vendor auto-reply headers, Precedence, List-*, DSN/MDN/ARF reports, daemon senders) and,
 * last, by out-of-office subjects in common languages.
 */
public final class Classifier {
    private static final Pattern DAEMON = Pattern.compile(
            "^(mailer-daemon|postmaster|mail-daemon|maildelivery|mail\\.delivery\\.system)@.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern NO_REPLY = Pattern.compile(
            "^(no-?reply|do-?not-?reply|donotreply|noreply-[^@]*|bounces?(\\+[^@]*)?)@.*", Pattern.CASE_INSENSITIVE);
    /** Phrases no human subject starts with. */
    private static final Pattern OOO_PHRASE = Pattern.compile(
            "^(out of (the )?office|abwesenheitsnotiz|away from (my|the) (office|desk)|fuera de la oficina|"
                    + "i am out of the office|i'm out of the office)", Pattern.CASE_INSENSITIVE);
    /** Words that mark an auto-reply only as a label ("Automatic reply: …", "Abwesenheit:") or on their own. */
    private static final Pattern OOO_LABEL = Pattern.compile(
            "^(auto(matic)?[ -]?reply|autoreply|auto|autom\\.|automatische antwort|r[ée]ponse automatique|"
                    + "risposta automatica|respuesta autom[áa]tica|automatisch antwoord|resposta autom[áa]tica|autosvar|"
                    + "automatisk svar|automatyczna odpowied[źz]|abwesenheit|absence|absent|vacation|afwezig|frånvaro|"
                    + "fuori sede|poza biurem)\\s*([:：]|$)", Pattern.CASE_INSENSITIVE);
    private static final Pattern REPLY_PREFIX = Pattern.compile("^(re|aw|sv|antw|wg|fw|fwd)\\s*[:：]\\s*", Pattern.CASE_INSENSITIVE);

    private final BounceReader bounces = new BounceReader();

    public MailKind classify(ParsedMail mail) {
        String contentType = mail.contentType() == null ? "" : mail.contentType().toLowerCase(Locale.ROOT);
        String fullContentType = lower(mail.header("content-type"));
        if (contentType.equals("multipart/report")) {
            if (fullContentType.contains("feedback-report")) return MailKind.FEEDBACK_REPORT;
            if (fullContentType.contains("disposition-notification")) return MailKind.DELIVERY_REPORT;
        }
        if (fullContentType.contains("delivery-status") || !mail.reports("message/delivery-status").isEmpty()) {
            // a report whose every recipient was delivered (or relayed) is a success notice, not a bounce
            return bounces.read(mail).allDelivered() ? MailKind.DELIVERY_REPORT : MailKind.BOUNCE;
        }
        String from = mail.from().address();
        if (mail.header("x-failed-recipients") != null || DAEMON.matcher(from).matches()) {
            return MailKind.BOUNCE;
        }
        String autoSubmitted = lower(mail.header("auto-submitted"));
        if (autoSubmitted.startsWith("auto-replied")) return MailKind.AUTO_REPLY;
        if (!autoSubmitted.isEmpty() && !autoSubmitted.startsWith("no")) return MailKind.AUTO_GENERATED;
        if (mail.header("x-autoreply") != null || mail.header("x-autorespond") != null
                || mail.header("x-mail-autoreply") != null) {
            return MailKind.AUTO_REPLY;
        }
        String suppress = lower(mail.header("x-auto-response-suppress"));
        if (suppress.contains("oof") || suppress.contains("all")) {
            // Exchange sets this on its own automatic replies
            return isOutOfOffice(mail.subject()) ? MailKind.AUTO_REPLY : MailKind.AUTO_GENERATED;
        }
        if (mail.header("x-ms-exchange-inbox-rules-loop") != null) return MailKind.AUTO_GENERATED;
        String precedence = lower(mail.header("precedence"));
        if (mail.header("list-id") != null || mail.header("list-unsubscribe") != null || precedence.equals("list")) {
            return MailKind.MAILING_LIST;
        }
        if (precedence.equals("bulk") || precedence.equals("junk")) {
            return isOutOfOffice(mail.subject()) ? MailKind.AUTO_REPLY : MailKind.AUTO_GENERATED;
        }
        if (lower(mail.header("return-path")).equals("<>")) {
            // a null return path marks machine mail; AUTO_GENERATED (not BOUNCE) so no address is suppressed
            return isOutOfOffice(mail.subject()) ? MailKind.AUTO_REPLY : MailKind.AUTO_GENERATED;
        }
        if (NO_REPLY.matcher(from).matches()) return MailKind.AUTO_GENERATED;
        if (isOutOfOffice(mail.subject())) return MailKind.AUTO_REPLY;
        return MailKind.HUMAN;
    }

    static boolean isOutOfOffice(String subject) {
        if (subject == null) return false;
        String s = subject.strip();
        // look behind a few reply prefixes: "AW: Abwesenheitsnotiz", "Re: Automatic reply: …"
        for (int i = 0; i < 3; i++) {
            if (OOO_PHRASE.matcher(s).find() || OOO_LABEL.matcher(s).find()) return true;
            String next = REPLY_PREFIX.matcher(s).replaceFirst("");
            if (next.equals(s)) return false;
            s = next;
        }
        return false;
    }

    private static String lower(String v) {
        return v == null ? "" : v.strip().toLowerCase(Locale.ROOT);
    }
}
