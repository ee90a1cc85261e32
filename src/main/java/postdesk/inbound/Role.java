package postdesk.inbound;

/** Who wrote a mail, as far as its ticket is concerned. */
public enum Role {
    /** Postdesk itself (its address, its Message-IDs, its X-Loop): never processed as a message. */
    SELF,
    /** A configured agent, proven by a reply token or a trusted DKIM/DMARC pass: their commands run. */
    AGENT,
    /** Mail that says it is from an agent, on a ticket, without proof: stored, not relayed, agents warned. */
    UNPROVEN_AGENT,
    /** The ticket's requester. */
    REQUESTER,
    /** Someone copied on the ticket. */
    PARTICIPANT,
    /** A third party an agent wrote to with {@code #forward}: their replies are internal notes. */
    SIDE_PARTY,
    /** Anyone else: may open tickets, but never writes into someone else's. */
    STRANGER
}
