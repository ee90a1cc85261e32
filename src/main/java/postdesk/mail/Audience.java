package postdesk.mail;

/** Which side of a ticket saw a mail: the customer's thread, the agents' notifications, or a side thread with a third party. */
public enum Audience {
    CUSTOMER, AGENT, SIDE
}
