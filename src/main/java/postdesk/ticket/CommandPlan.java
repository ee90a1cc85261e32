package postdesk.ticket;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import postdesk.ticket.Commands.Command;

/**
 * What a mail's command lines do to a ticket (pure): the changes to make, what to confirm to the
 * agent, and what is refused and why. Commands apply in order, each seeing the status the earlier
 * ones left, so {@code #assign me} then {@code #resolve} works.
 */
public record CommandPlan(List<Change> changes, List<String> applied, List<String> refused, boolean note) {

    /** One change to a ticket field. */
    public sealed interface Change {
    }

    /** {@code explicit}: asked for by {@code #status}/{@code #resolve}/{@code #close}, not implied by {@code #assign}. */
    public record SetStatus(Status to, String command, boolean explicit) implements Change {
    }

    public record SetPriority(Priority to) implements Change {
    }

    public record Assign(String agent) implements Change {
    }

    public record SetCategory(String to) implements Change {
    }

    public record SetType(String to) implements Change {
    }

    public boolean isEmpty() {
        return applied.isEmpty() && refused.isEmpty() && !note;
    }

    /** The last status the commands set, if any. */
    public Optional<Status> status() {
        return lastStatus(false);
    }

    /** The last status a {@code #status}, {@code #resolve} or {@code #close} asked for: it wins over a reply's own move. */
    public Optional<Status> explicitStatus() {
        return lastStatus(true);
    }

    private Optional<Status> lastStatus(boolean explicitOnly) {
        Status last = null;
        for (Change c : changes) {
            if (c instanceof SetStatus s && (s.explicit() || !explicitOnly)) last = s.to();
        }
        return Optional.ofNullable(last);
    }

    /** An agent's commands; {@code agents} are the addresses that may be assigned. */
    public static CommandPlan forAgent(Ticket ticket, List<Command> commands, String agent, List<String> agents, Categories categories) {
        List<Change> changes = new ArrayList<>();
        List<String> applied = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        boolean note = false;
        Status status = ticket.status();
        for (Command c : commands) {
            String arg = c.argument();
            switch (c.name()) {
                case "status", "resolve", "close" -> {
                    Optional<Status> target = c.name().equals("resolve") ? Optional.of(Status.RESOLVED)
                            : c.name().equals("close") ? Optional.of(Status.CLOSED) : StateMachine.parseStatus(arg);
                    if (target.isEmpty()) {
                        refused.add(c.line() + ": unknown status '" + arg + "' (open, in-progress, awaiting-customer, on-hold, resolved, closed)");
                        continue;
                    }
                    Transition t = StateMachine.agentSets(status, target.get());
                    if (t.isRefused() && status != ticket.status()) {
                        // an earlier command of this mail moved it there already (#assign me, then
                        // #status in-progress): the line confirms it, and wins over the answer's own move
                        changes.add(new SetStatus(status, c.line(), true));
                        applied.add("status stays " + StateMachine.label(status));
                    } else if (t.isRefused()) {
                        refused.add(c.line() + ": " + t.refusal());
                    } else {
                        changes.add(new SetStatus(t.to(), c.line(), true));
                        applied.add("status " + StateMachine.label(status) + " -> " + StateMachine.label(t.to()));
                        status = t.to();
                    }
                }
                case "priority" -> {
                    Optional<Priority> p = parsePriority(arg);
                    if (p.isEmpty()) {
                        refused.add(c.line() + ": unknown priority '" + arg + "' (low, normal, high, urgent, critical)");
                    } else {
                        changes.add(new SetPriority(p.get()));
                        applied.add("priority -> " + p.get().name().toLowerCase(Locale.ROOT));
                    }
                }
                case "assign" -> {
                    String who = arg.equalsIgnoreCase("me") || arg.isEmpty() ? agent : arg.toLowerCase(Locale.ROOT).replaceAll("^<|>$", "");
                    if (!agents.contains(who)) {
                        refused.add(c.line() + ": " + who + " is not an agent");
                        continue;
                    }
                    changes.add(new Assign(who));
                    applied.add("assigned to " + who);
                    Transition t = StateMachine.assigned(status);
                    if (t.to() != status) {
                        changes.add(new SetStatus(t.to(), c.line(), false));
                        applied.add("status " + StateMachine.label(status) + " -> " + StateMachine.label(t.to()));
                        status = t.to();
                    }
                }
                case "category" -> {
                    Optional<String> category = categories.category(arg);
                    if (category.isEmpty()) {
                        refused.add(c.line() + (categories.categories().isEmpty() ? ": a category needs a name of at most 100 characters"
                                : ": unknown category '" + arg + "' (" + String.join(", ", categories.categories()) + ")"));
                    } else {
                        changes.add(new SetCategory(category.get()));
                        applied.add("category -> " + category.get());
                    }
                }
                case "type" -> {
                    Optional<String> type = categories.type(arg);
                    if (type.isEmpty()) {
                        refused.add(c.line() + ": unknown type '" + arg + "' (" + String.join(", ", categories.types()) + ")");
                    } else {
                        changes.add(new SetType(type.get()));
                        applied.add("type -> " + type.get());
                    }
                }
                case "note" -> {
                    note = true;
                    applied.add("kept as an internal note (not sent to the customer)");
                }
                default -> refused.add(c.line() + ": unknown command");
            }
        }
        return new CommandPlan(changes, applied, refused, note);
    }

    /** The only command a customer has: the rest of their lines are ordinary text. */
    public static final Set<String> CUSTOMER_COMMANDS = Set.of("close");

    /** A customer may only close their own ticket; other lines are ordinary text to them. */
    public static CommandPlan forCustomer(Ticket ticket, List<Command> commands) {
        for (Command c : commands) {
            if (c.name().equals("close")) {
                Transition t = StateMachine.customerCloses(ticket.status());
                if (t.isRefused()) return new CommandPlan(List.of(), List.of(), List.of(c.line() + ": " + t.refusal()), false);
                return new CommandPlan(List.of(new SetStatus(Status.CLOSED, c.line(), true)), List.of("closed by the customer"), List.of(), false);
            }
        }
        return new CommandPlan(List.of(), List.of(), List.of(), false);
    }

    static Optional<Priority> parsePriority(String text) {
        try {
            return Optional.of(Priority.valueOf(text.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
