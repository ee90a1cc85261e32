package postdesk.ticket;

/** The outcome of asking the state machine: the status to move to, or why the move is refused. */
public record Transition(Status to, String refusal) {
    public static Transition to(Status status) {
        return new Transition(status, null);
    }

    public static Transition refused(String why) {
        return new Transition(null, why);
    }

    public boolean isRefused() {
        return refusal != null;
    }
}
