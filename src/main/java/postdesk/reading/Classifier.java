package postdesk.reading;

import java.util.Locale;
import java.util.regex.Pattern;

import postdesk.bounce.Bounce;
import postdesk.bounce.BounceReader;
import postdesk.mime.ParsedMail;

/**
 * Pipeline step: tells human mail from machine mail. In order: reports (RFC 5965 ARF, RFC 8098
 * MDN, RFC 3464 DSN), bounces without a report (X-Failed-Recipients, daemon senders, failure-notice
 * subjects and texts together with a sign that a machine sent them), RFC 3834 auto-replies and the
 * vendor auto-reply headers, mailing-list and bulk mail, no-reply senders and, last, out-of-office
 * subjects in common languages.
 *
 * <p>Only {@link MailKind#HUMAN} mail is ever answered, so a human mail taken for machine mail goes
 * unacknowledged: every rule that looks at subjects or texts also needs a machine sign (a daemon or
 * no-reply sender, a null return path, Auto-Submitted), and a reply or forward ("Re:", "Fwd:") of a
 * failure notice stays human.
 */
public final class Classifier {
    /** Senders only mail systems use: MAILER-DAEMON, postmaster and their spellings. */
    private static final Pattern DAEMON_LOCAL = Pattern.compile(
            "(?i)mailer[-_.]?daemon|mail[-_.]?daemon|post[-_.]?master|mail[-_.]?delivery([-_.]?(system|subsystem))?|"
                    + "mail\\.delivery\\.system|maildeliverysystem|mdaemon|double-bounce|bounce-notification");
    /** Postmaster mailboxes are read by people too: they need a sign of a failure notice. */
    private static final Pattern POSTMASTER_LOCAL = Pattern.compile("(?i)post[-_.]?master");
    private static final Pattern DAEMON_NAME = Pattern.compile(
            "(?i)^\\W*(mailer[-_ ]?daemon|mail (delivery|deliver) (system|subsystem|service)|mail system|postmaster|"
                    + "mail ?guard|delivery (status )?notification|"
                    + "[\\w ]*\\bndr\\b[\\w ]*)\\W*$");
    private static final Pattern NO_REPLY_LOCAL = Pattern.compile(
            "(?i)no-?reply|do-?not-?reply|donotreply|noreply-.*|no_reply|bounces?(\\+.*)?|bounce-.*|.*-bounces(\\+.*)?");
    /** Mailing-list software's own addresses (fml, ezmlm, Mailman, Sympa …). */
    private static final Pattern LIST_ADMIN_LOCAL = Pattern.compile("(?i).+-(admin|owner|request|bounces)|owner-.+|sympa|mailman|majordomo|listserv");
    /** Subjects of failure notices, at the very start (a "Re:" or "Fwd:" of one is a person's mail). */
    private static final Pattern BOUNCE_SUBJECT = Pattern.compile(
            "(?i)^\\s*(\\*+\\s*)?(undeliver(ed|able)|undelivered mail|delivery (status notification|failure|failed|has failed|notification|problem|report)|"
                    + "(mail|message) delivery (failed|failure|has failed|problem|error|notification)|returned mail|return(ed)? to sender|"
                    + "failure notice|failed delivery|delivery fail|non[- ]?deliver|nondeliverable|not delivered|"
                    + "message (not delivered|could not be delivered|undeliverable|returned|delivery failed)|mail system error|"
                    + "mail failure|mail could not be delivered|could not send message|there was an error sending|"
                    + "warning: could not send|delayed mail|delivery delayed|bounced? mail|mail error|"
                    + "unzustellbar|nicht zustellbar|non remis|non recapitabile|no se (pudo|puede) entregar|onbestelbaar|"
                    + "niedostarczalna|impossible de remettre|rapport de non-remise|unbestellbar)");
    /** Sentences failure notices are made of; they need a machine sign besides. */
    private static final Pattern BOUNCE_TEXT = Pattern.compile(
            "(?i)(could not be delivered|couldn't be delivered|was not delivered|wasn't delivered|could not deliver|"
                    + "unable to deliver|undeliverable|delivery (to the following recipients? )?(has )?failed|failed permanently|"
                    + "permanent (fatal )?error|did not reach the following recipient|following address(es|\\(es\\))? failed|"
                    + "had (permanent fatal|delivery) (errors|problems)|recipients? returned permanent errors|"
                    + "rejected by (a|the) remote (mail )?server|returned to sender|mail delivery (failed|failure|software)|"
                    + "message not delivered|this is the mail system at host|wasn't able to deliver|"
                    + "delivery to the following recipient|invalid user address|no such user|user unknown|"
                    + "recipient address rejected|address rejected|not a member of|"
                    + "your message (to|for) .{1,80} (was|has been) (rejected|returned)|"
                    + "メールエラー|送信できませんでした|配信できませんでした)");
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
    private static final Pattern REPLY_PREFIX = Pattern.compile("^(re|aw|sv|antw|wg|fw|fwd|tr|rif|r)\\s*[:：]\\s*", Pattern.CASE_INSENSITIVE);

    public MailKind classify(ParsedMail mail) {
        return classify(mail, () -> new BounceReader().read(mail));
    }

    /** {@code bounce}: the mail's delivery report, read when it is needed (the caller keeps it for a bounce, read once). */
    public MailKind classify(ParsedMail mail, java.util.function.Supplier<Bounce> bounce) {
        String contentType = lower(mail.contentType());
        String fullContentType = lower(mail.header("content-type"));
        boolean report = contentType.equals("multipart/report");
        if ((report && fullContentType.contains("feedback-report")) || !mail.reports("message/feedback-report").isEmpty()) {
            return MailKind.FEEDBACK_REPORT;
        }
        if ((report && fullContentType.contains("disposition-notification")) || !mail.reports("message/disposition-notification").isEmpty()) {
            return MailKind.DELIVERY_REPORT;
        }
        if ((report && fullContentType.contains("delivery-status")) || !mail.reports("message/delivery-status").isEmpty()
                || !mail.reports("message/global-delivery-status").isEmpty()) {
            // a report whose every recipient was delivered (or relayed) is a success notice, not a bounce
            return bounce.get().allDelivered() ? MailKind.DELIVERY_REPORT : MailKind.BOUNCE;
        }
        if (mail.header("x-failed-recipients") != null) return MailKind.BOUNCE;

        Sender sender = Sender.of(mail);
        String subject = mail.subject() == null ? "" : mail.subject();
        boolean outOfOffice = isOutOfOffice(subject);
        String autoSubmitted = lower(mail.header("auto-submitted"));
        boolean autoSubmittedYes = !autoSubmitted.isEmpty() && !autoSubmitted.startsWith("no");
        boolean nullReturnPath = lower(mail.header("return-path")).matches("<\\s*>|");
        nullReturnPath &= mail.header("return-path") != null;
        boolean machineSign = sender.daemon || sender.daemonName || sender.noReply || nullReturnPath || autoSubmittedYes;
        if (!outOfOffice && (machineSign || sender.listAdmin || hasReturnedMessage(mail))) {
            boolean bounceSubject = isBounceSubject(subject);
            boolean bounceText = BOUNCE_TEXT.matcher(head(mail.text())).find();
            if (sender.daemon && !sender.postmaster) return MailKind.BOUNCE;
            if (sender.daemon && (bounceSubject || bounceText || nullReturnPath || autoSubmittedYes || hasReturnedMessage(mail))) {
                return MailKind.BOUNCE;
            }
            if (bounceSubject && (machineSign || bounceText)) return MailKind.BOUNCE;
            if (bounceText && (machineSign || sender.listAdmin)) return MailKind.BOUNCE;
        }

        if (autoSubmitted.startsWith("auto-replied") || autoSubmitted.contains("vacation")) return MailKind.AUTO_REPLY;
        if (autoSubmittedYes) {
            // RFC 3834: a response is auto-replied; an "auto-generated" mail answering ours is one all the same
            return outOfOffice || isReplySubject(subject) ? MailKind.AUTO_REPLY : MailKind.AUTO_GENERATED;
        }
        if (mail.header("x-autoreply") != null || mail.header("x-autorespond") != null
                || mail.header("x-mail-autoreply") != null || mail.header("x-autoresponder") != null) {
            return MailKind.AUTO_REPLY;
        }
        String precedence = lower(mail.header("precedence"));
        if (precedence.equals("auto_reply") || precedence.equals("auto-reply")) return MailKind.AUTO_REPLY;
        // Exchange marks its own automatic replies with X-Auto-Response-Suppress: All; Outlook sets the
        // header (with a list of flags) on ordinary mail too, so only "All" counts
        String suppress = lower(mail.header("x-auto-response-suppress"));
        if (suppress.matches("(.*[,\\s])?all([,\\s].*)?")) {
            // an out-of-office sent by an inbox rule carries X-MS-Exchange-Inbox-Rules-Loop as well;
            // that header alone only says a rule forwarded or redirected the mail
            return outOfOffice || mail.header("x-ms-exchange-inbox-rules-loop") != null ? MailKind.AUTO_REPLY : MailKind.AUTO_GENERATED;
        }
        if (mail.header("list-id") != null || mail.header("list-unsubscribe") != null || precedence.equals("list")) {
            return MailKind.MAILING_LIST;
        }
        if (precedence.equals("bulk") || precedence.equals("junk")) {
            return outOfOffice ? MailKind.AUTO_REPLY : MailKind.AUTO_GENERATED;
        }
        if (nullReturnPath) {
            // a null return path marks machine mail; AUTO_GENERATED (not BOUNCE) so no address is suppressed
            return outOfOffice ? MailKind.AUTO_REPLY : MailKind.AUTO_GENERATED;
        }
        if (outOfOffice) return MailKind.AUTO_REPLY;
        if (sender.noReply || (sender.daemon && !sender.postmaster)) return MailKind.AUTO_GENERATED;
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

    static boolean isBounceSubject(String subject) {
        if (subject == null || !BOUNCE_SUBJECT.matcher(subject).find()) return false;
        String s = subject.toLowerCase(Locale.ROOT);
        return !(s.contains("(success") || s.contains("(relay") || s.contains("(delivered"));
    }

    private static boolean isReplySubject(String subject) {
        return subject != null && REPLY_PREFIX.matcher(subject.strip()).find();
    }

    /** The returned mail or its headers are attached (as bounces do; so does a person forwarding a mail). */
    private static boolean hasReturnedMessage(ParsedMail mail) {
        return !mail.reports("message/rfc822").isEmpty() || !mail.reports("text/rfc822-headers").isEmpty()
                || !mail.reports("message/rfc822-headers").isEmpty();
    }

    /** The start of the text, where failure notices say what failed. */
    private static String head(String text) {
        if (text == null) return "";
        return text.length() > 4000 ? text.substring(0, 4000) : text;
    }

    private static String lower(String v) {
        return v == null ? "" : v.strip().toLowerCase(Locale.ROOT);
    }

    /** What the From (and Sender) header says about who sent the mail. */
    private record Sender(boolean daemon, boolean postmaster, boolean daemonName, boolean noReply, boolean listAdmin) {
        static Sender of(ParsedMail mail) {
            String address = mail.from() == null ? "" : mail.from().address();
            String name = mail.from() == null ? "" : mail.from().name();
            String raw = mail.header("from") == null ? "" : mail.header("from").strip();
            if (address.isEmpty()) {
                // "MAILER-DAEMON <>", a bare "mailer-daemon": what the header holds is all there is
                String bare = raw.replaceAll("<\\s*>", "").replaceAll("[\"()]", " ").strip();
                if (name.isEmpty()) name = bare;
                address = bare.contains("@") || bare.contains(" ") ? "" : bare;
            }
            int at = address.indexOf('@');
            String local = at >= 0 ? address.substring(0, at) : address;
            boolean daemon = !local.isEmpty() && DAEMON_LOCAL.matcher(local).matches();
            boolean daemonName = !name.isEmpty() && DAEMON_NAME.matcher(name).matches();
            if (address.isEmpty() && daemonName) daemon = true;
            boolean postmaster = daemon && POSTMASTER_LOCAL.matcher(local).matches();
            boolean noReply = !local.isEmpty() && NO_REPLY_LOCAL.matcher(local).matches();
            boolean listAdmin = !local.isEmpty() && LIST_ADMIN_LOCAL.matcher(local).matches()
                    && (mail.header("list-id") != null || mail.header("list-subscribe") != null || mail.header("list-post") != null
                    || mail.header("x-ml-name") != null || mail.header("x-mlserver") != null || mail.header("mailing-list") != null);
            return new Sender(daemon, postmaster, daemonName, noReply, listAdmin);
        }
    }
}
