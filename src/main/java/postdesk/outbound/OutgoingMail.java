package postdesk.outbound;

import java.util.List;

import postdesk.mail.Address;
import postdesk.mail.Audience;
import postdesk.ticket.Subjects;
import postdesk.ticket.TicketId;

/**
 * A mail Postdesk decided to send, before it is rendered: who, what, and where it threads.
 * {@code from} is the mailbox it leaves from, with the name shown; {@code ticket} is null
 * for mail about no single ticket (the list of a customer's tickets).
 */
public record OutgoingMail(
        Kind kind,
        TicketId ticket,
        From from,
        List<Address> to,
        List<Address> cc,
        String subject,
        List<String> threadIds,
        String text,
        String html,
        List<postdesk.mail.AttachmentInfo> files) {

    /** A mail without attachments (every mail but a {@code #forward} with the customer's files). */
    public OutgoingMail(Kind kind, TicketId ticket, From from, List<Address> to, List<Address> cc, String subject, List<String> threadIds,
                        String text, String html) {
        this(kind, ticket, from, to, cc, subject, threadIds, text, html, List.of());
    }

    /** The mailbox a mail leaves from: its name (for the SMTP login), and the From shown. */
    public record From(String mailbox, String name, String address) {
    }

    /** Each kind says whether it is automatic (RFC 3834) and which side of the ticket it goes to. */
    public enum Kind {
        ACKNOWLEDGEMENT(AutoSubmitted.AUTO_REPLIED, Audience.CUSTOMER),
        AGENT_REPLY(AutoSubmitted.NO, Audience.CUSTOMER),
        AUTOCLOSE_REMINDER(AutoSubmitted.AUTO_GENERATED, Audience.CUSTOMER),
        AUTOCLOSE_NOTICE(AutoSubmitted.AUTO_GENERATED, Audience.CUSTOMER),
        ATTACHMENTS_DROPPED(AutoSubmitted.AUTO_REPLIED, Audience.CUSTOMER),
        STATUS_NOTICE(AutoSubmitted.AUTO_GENERATED, Audience.CUSTOMER),
        COMMAND_CONFIRMATION(AutoSubmitted.AUTO_REPLIED, Audience.AGENT),
        STATUS_LIST(AutoSubmitted.AUTO_REPLIED, Audience.CUSTOMER),
        AGENT_NOTIFICATION(AutoSubmitted.AUTO_GENERATED, Audience.AGENT),
        SLA_ALERT(AutoSubmitted.AUTO_GENERATED, Audience.AGENT),
        LOGIN_ALERT(AutoSubmitted.AUTO_GENERATED, Audience.AGENT),
        RATE_LIMIT_NOTICE(AutoSubmitted.AUTO_REPLIED, Audience.CUSTOMER),
        SIDE_FORWARD(AutoSubmitted.NO, Audience.SIDE),
        WORK_STARTED(AutoSubmitted.AUTO_GENERATED, Audience.CUSTOMER),
        FORUM_POINTER(AutoSubmitted.AUTO_REPLIED, Audience.CUSTOMER);

        public final AutoSubmitted autoSubmitted;
        public final Audience audience;

        Kind(AutoSubmitted autoSubmitted, Audience audience) {
            this.autoSubmitted = autoSubmitted;
            this.audience = audience;
        }
    }

    public enum AutoSubmitted {
        NO, AUTO_REPLIED, AUTO_GENERATED;

        public String headerValue() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /** The conversation's topic for Outlook: the subject without prefixes and ticket tag. */
    public String threadTopic() {
        return Subjects.forTicket(subject);
    }

    public List<Address> recipients() {
        return java.util.stream.Stream.concat(to.stream(), cc.stream()).toList();
    }
}
