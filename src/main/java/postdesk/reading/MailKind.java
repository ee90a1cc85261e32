package postdesk.reading;

import java.util.Locale;

/** What sort of mail arrived. Only {@link #HUMAN} mail is ever answered automatically. */
public enum MailKind {
    HUMAN, AUTO_REPLY, AUTO_GENERATED, BOUNCE, DELIVERY_REPORT, FEEDBACK_REPORT, MAILING_LIST;

    /** The lower-case name used in JSON and logs ({@code auto_reply}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
