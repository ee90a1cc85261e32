package postdesk.mail;

/** Which side of a ticket saw a mail: the customer's thread or the agents' notifications. */
public enum Audience {
    CUSTOMER, AGENT
}
