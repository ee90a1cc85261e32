package postdesk.inbound;

/** Who wrote a mail, as far as its ticket is concerned. */
public enum Role {
    /** Postdesk itself (its address, its Message-IDs, its X-Loop): never processed as a message. */
    SELF,
    /** A configured agent. */
    AGENT,
    /** The ticket's requester. */
    REQUESTER,
    /** Someone copied on the ticket. */
    PARTICIPANT,
    /** Anyone else: may open tickets, but never writes into someone else's. */
    STRANGER
}
