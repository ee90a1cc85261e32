package postdesk.inbound;

import postdesk.rating.RatingReply;
import postdesk.reading.MailKind;
import postdesk.threading.Route;
import postdesk.ticket.StateMachine;
import postdesk.ticket.Status;
import postdesk.ticket.Ticket;

/**
 * Pipeline step "decide" (pure): from what the earlier steps found out about a mail to the
 * {@link Decision}. No database, no clock, no mail: {@code DecideTest} walks its whole table.
 */
public final class Decide {
    private Decide() {
    }

    /**
     * The facts a decision rests on. {@code ticket}: the routed ticket; {@code limited}: over a
     * rate limit; {@code forged}: a trusted server found the sender forged; {@code agentRequest}:
     * the subject asks for an agent's list ("replies", "queue"), else null; {@code rating}: the
     * satisfaction rating the text gives while its ticket still takes one, else null.
     */
    public record Facts(MailKind kind, boolean hasSender, boolean statusRequest, Route route, Role role, boolean forged,
                        boolean limited, String agentRequest, RatingReply.Given rating) {
        public Facts(MailKind kind, boolean hasSender, boolean statusRequest, Route route, Role role, boolean forged, boolean limited) {
            this(kind, hasSender, statusRequest, route, role, forged, limited, null, null);
        }
    }

    public static Decision decide(Facts f) {
        if (f.role() == Role.SELF) return new Decision.Ignore();
        boolean human = f.kind() == MailKind.HUMAN;
        // answering a forged sender mails the real owner of the address (backscatter)
        boolean answerable = !f.limited() && !f.forged();
        Ticket ticket = f.route().ticket();
        if (ticket != null && !human && f.role() == Role.STRANGER && f.route().via() == Route.Via.SUBJECT) {
            // a ticket ID in a subject is no key: a stranger's machine mail joins a ticket only by a
            // route nobody can guess (References to Postdesk's own Message-IDs, a reply address)
            ticket = null;
        }
        if (ticket == null && !f.hasSender()) return new Decision.Unfiled();
        if (ticket == null && human && f.statusRequest()) return new Decision.StatusList(answerable);
        // an agent asks for the canned replies or their queue; it goes to the agent's own address, so a forged From learns nothing
        if (ticket == null && human && f.agentRequest() != null && f.role() == Role.AGENT) return new Decision.AgentList(f.agentRequest(), !f.forged());
        if (ticket == null) return new Decision.Open(null, human && answerable);
        if (!human) {
            // machine mail (a bounce from a mailer daemon, an out-of-office from an alias) joins the
            // ticket it belongs to: it is shown to agents only and answered never
            return new Decision.AppendUnanswered(ticket, f.kind().label() + " stored, nothing answered");
        }
        // knowing a ticket's ID is no key to it: a stranger's mail starts its own ticket
        if (f.role() == Role.STRANGER) return new Decision.Open(ticket.id(), answerable);
        if (f.limited()) return new Decision.AppendUnanswered(ticket, "over the rate limit: stored, nothing answered");
        if (f.role() == Role.AGENT) return new Decision.AgentReply(ticket);
        if (f.role() == Role.SIDE_PARTY) return new Decision.SideReply(ticket);
        if (f.role() == Role.UNPROVEN_AGENT) return new Decision.UnprovenAgent(ticket);
        // a number in answer to the closing mail rates the ticket rather than opening a follow-up
        if (f.rating() != null && !f.forged() && ticket.status() == Status.CLOSED) return new Decision.Rate(ticket, f.rating());
        // a closed ticket takes no replies: a new one is opened, linked
        if (StateMachine.customerReplied(ticket.status()).isRefused()) return new Decision.Open(ticket.id(), answerable);
        return new Decision.CustomerReply(ticket);
    }
}
