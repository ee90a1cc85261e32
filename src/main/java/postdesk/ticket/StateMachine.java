package postdesk.ticket;

import java.util.Locale;
import java.util.Optional;

/**
 * The ticket lifecycle (PRODUCT.md section 4) as one pure state machine: every trigger takes the
 * current status and answers the next one, or why it is refused. No I/O, no clock.
 */
public final class StateMachine {
    private StateMachine() {
    }

    /** A customer (requester or participant) wrote. A closed ticket takes no replies: a new one is opened. */
    public static Transition customerReplied(Status from) {
        return switch (from) {
            case CLOSED -> Transition.refused("the ticket is closed; a reply opens a new, linked ticket");
            case IN_PROGRESS -> Transition.to(Status.IN_PROGRESS); // an agent is on it already
            case OPEN, AWAITING_CUSTOMER, ON_HOLD, RESOLVED -> Transition.to(Status.OPEN);
        };
    }

    /**
     * An agent's answer was relayed to the customer: the customer's turn. A closed ticket stays
     * closed (a courtesy "you are welcome" must not reopen it); reopening takes a {@code #status}.
     */
    public static Transition agentReplied(Status from) {
        return Transition.to(from == Status.CLOSED ? Status.CLOSED : Status.AWAITING_CUSTOMER);
    }

    /** The first agent action on a waiting ticket ({@code #assign}) starts the work. */
    public static Transition assigned(Status from) {
        return Transition.to(from == Status.OPEN ? Status.IN_PROGRESS : from);
    }

    /** An agent's {@code #status}, {@code #resolve} or {@code #close}. */
    public static Transition agentSets(Status from, Status target) {
        if (from == target) return Transition.refused("the ticket is already " + label(target));
        return Transition.to(target);
    }

    /** A customer's {@code #close} on their own ticket. */
    public static Transition customerCloses(Status from) {
        if (from == Status.CLOSED) return Transition.refused("the ticket is already closed");
        return Transition.to(Status.CLOSED);
    }

    /** The auto-close timer of a ticket waiting for the customer fired. */
    public static Transition awaitingTimedOut(Status from) {
        if (from != Status.AWAITING_CUSTOMER) return Transition.refused("the ticket no longer waits for the customer");
        return Transition.to(Status.CLOSED);
    }

    /** The timer of a resolved ticket fired. */
    public static Transition resolvedTimedOut(Status from) {
        if (from != Status.RESOLVED) return Transition.refused("the ticket is no longer resolved");
        return Transition.to(Status.CLOSED);
    }

    /** A status as people type it: {@code in-progress}, {@code In Progress}, {@code awaiting_customer}, {@code hold}. */
    public static Optional<Status> parseStatus(String text) {
        String v = text.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        if (v.equals("HOLD")) v = "ON_HOLD";
        if (v.equals("PENDING") || v.equals("WAITING")) v = "AWAITING_CUSTOMER";
        try {
            return Optional.of(Status.valueOf(v));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static String label(Status s) {
        return s.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
