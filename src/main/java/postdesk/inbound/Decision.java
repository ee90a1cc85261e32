package postdesk.inbound;

import postdesk.ticket.Ticket;
import postdesk.ticket.TicketId;

/** What the pipeline does with one mail: the pure "decide" step's answer, which "apply" carries out. */
public sealed interface Decision {
    /** Postdesk's own mail coming back: recorded, nothing else. */
    record Ignore() implements Decision {
    }

    /** Machine mail with no sender address that belongs to no ticket: recorded and logged, filed nowhere. */
    record Unfiled() implements Decision {
    }

    /** A customer asked for the list of their open tickets; {@code answer} false: not sent (a limit, a forged sender). */
    record StatusList(boolean answer) implements Decision {
    }

    /** A third party's reply in a side thread ({@code #forward}): an internal note, relayed to the agents only. */
    record SideReply(Ticket ticket) implements Decision {
    }

    /** An agent asked for a list ({@code which}: "replies" or "queue"); {@code answer} false: a forged sender, not sent. */
    record AgentList(String which, boolean answer) implements Decision {
    }

    /** A new ticket, linked to {@code linkedTo} when the mail referred to a closed or foreign one; {@code answer}: acknowledged. */
    record Open(TicketId linkedTo, boolean answer) implements Decision {
    }

    /** Stored on the ticket for agents to read, answered never and changing nothing. */
    record AppendUnanswered(Ticket ticket, String why) implements Decision {
    }

    /** A proven agent's answer: commands applied, the rest relayed. */
    record AgentReply(Ticket ticket) implements Decision {
    }

    /** A mail from an agent's address on a ticket without proof: kept internal, agents warned. */
    record UnprovenAgent(Ticket ticket) implements Decision {
    }

    /** The requester's or a participant's reply. */
    record CustomerReply(Ticket ticket) implements Decision {
    }

    /** The customer answered the closing mail with a satisfaction rating: stored, the ticket stays closed, nothing answered. */
    record Rate(Ticket ticket, postdesk.rating.RatingReply.Given given) implements Decision {
    }
}
