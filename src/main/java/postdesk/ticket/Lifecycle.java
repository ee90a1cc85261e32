package postdesk.ticket;

/**
 * How a ticket's status follows the mail that arrives for it (PRODUCT.md section 4). Pure: takes
 * and returns plain values, so every transition has a test of its own.
 */
public final class Lifecycle {
    private Lifecycle() {
    }

    /** A closed ticket takes no replies: a reply to it starts a new, linked ticket. */
    public static boolean acceptsReplies(Status status) {
        return status != Status.CLOSED;
    }

    /** The customer wrote again: support has to look, unless an agent is already on it. */
    public static Status afterCustomerReply(Status status) {
        return switch (status) {
            case IN_PROGRESS -> Status.IN_PROGRESS;
            case OPEN, AWAITING_CUSTOMER, ON_HOLD, RESOLVED -> Status.OPEN;
            case CLOSED -> throw new IllegalStateException("a closed ticket takes no replies");
        };
    }

    /**
     * An agent's answer went to the customer: the ball is in the customer's court. This holds for a
     * closed ticket too: an agent who answers it deliberately takes the conversation up again.
     */
    public static Status afterAgentReply(Status status) {
        return Status.AWAITING_CUSTOMER;
    }

    /** The auto-close timer fired; only a ticket still waiting for the customer closes. */
    public static boolean closesOnTimeout(Status status) {
        return status == Status.AWAITING_CUSTOMER;
    }
}
