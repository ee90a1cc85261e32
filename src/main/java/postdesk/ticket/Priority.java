package postdesk.ticket;

/** Ticket priorities, lowest first; {@link #NORMAL} is the default. */
public enum Priority {
    LOW, NORMAL, HIGH, URGENT, CRITICAL
}
