package postdesk.inbound;

import postdesk.mime.ParsedMail;
import postdesk.rating.RatingReply;
import postdesk.reading.MailKind;
import postdesk.reading.Reading;
import postdesk.reply.ReplyExtractor;
import postdesk.threading.Route;
import postdesk.ticket.Subjects;

/**
 * Everything the pipeline learned about one mail before applying it to a ticket; {@code forged}:
 * a trusted server found the sender's address forged.
 */
public record Arrival(FetchedMail raw, Reading read, Route route, Role role, boolean forged) {
    public ParsedMail mail() {
        return read.mail();
    }

    public MailKind kind() {
        return read.kind();
    }

    public ReplyExtractor.Reply reply() {
        return read.reply();
    }

    /** A human mail with the bare subject "status" asks for the sender's open tickets (customers have no portal). */
    public boolean isStatusRequest() {
        return kind() == MailKind.HUMAN && mail().from().isDeliverable()
                && Subjects.forTicket(mail().subject()).equalsIgnoreCase("status");
    }

    /** The bare subject "replies" or "queue" asks for an agent's list (answered to agents only); else null. */
    public String agentRequest() {
        String subject = Subjects.forTicket(mail().subject()).toLowerCase(java.util.Locale.ROOT);
        return kind() == MailKind.HUMAN && (subject.equals("replies") || subject.equals("queue")) ? subject : null;
    }

    /** What the decision rests on, with the guards' verdict; {@code ratingOpen}: the routed ticket takes a rating by reply now. */
    public Decide.Facts facts(Guard.Verdict verdict, boolean ratingOpen) {
        RatingReply.Given rating = ratingOpen && kind() == MailKind.HUMAN ? RatingReply.parse(reply().text()).orElse(null) : null;
        return new Decide.Facts(kind(), !mail().from().address().isEmpty(), isStatusRequest(), route, role, forged,
                verdict.limited().isPresent(), agentRequest(), rating);
    }
}
