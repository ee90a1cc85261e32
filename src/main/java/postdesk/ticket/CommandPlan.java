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

    /** {@code #merge TKT-…}: this ticket goes into {@code into}. */
    public record Merge(TicketId into) implements Change {
    }

    /** {@code #snooze}: on hold until {@code until}, or until the customer writes ({@code until} null). */
    public record Snooze(java.time.Instant until) implements Change {
    }

    /** {@code #sendat}: the answer is held and sent at {@code at}, unless the customer writes first. */
    public record SendAt(java.time.Instant at) implements Change {
    }

    /** {@code #forward ADDR [+last]}: the text goes to a third party in a side thread (with the customer's last message). */
    public record Forward(String address, boolean withLast) implements Change {
    }

    /** {@code #split}: the text below (or the customer's lines the agent quoted) becomes a new ticket of the same requester. */
    public record Split() implements Change {
    }

    /** {@code #send}: the agent's answer held by the collision guard goes out as it is. */
    public record SendHeld() implements Change {
    }

    /** {@code #discard}: the agent's held answer is dropped. */
    public record DiscardHeld() implements Change {
    }

    /** {@code #reply NAME}: a canned reply's text, put above the agent's own. */
    public record CannedReply(String name, String text) implements Change {
    }

    /**
     * What commands need to know beyond the ticket: the time and the desk's zone, why a ticket
     * cannot take a merge (empty: it can), and the canned replies by name.
     */
    public record Context(java.time.Instant now, java.time.ZoneId zone,
                          java.util.function.Function<TicketId, Optional<String>> mergeRefusal,
                          java.util.function.Function<String, Optional<String>> cannedReply) {
        /** No merges, no canned replies: for callers that take none of them. */
        public static final Context NONE = new Context(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC,
                id -> Optional.of("merging is not available here"), name -> Optional.empty());
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
        return forAgent(ticket, commands, agent, agents, categories, Context.NONE);
    }

    public static CommandPlan forAgent(Ticket ticket, List<Command> commands, String agent, List<String> agents, Categories categories,
                                       Context context) {
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
                case "merge" -> {
                    Optional<TicketId> into = TicketId.findIn(arg);
                    Optional<String> refusal = into.isEmpty() ? Optional.of("name the ticket to merge into: #merge TKT-XXXXX-XXXX")
                            : into.get().equals(ticket.id()) ? Optional.of("a ticket cannot be merged into itself")
                            : context.mergeRefusal().apply(into.get());
                    if (refusal.isPresent()) {
                        refused.add(c.line() + ": " + refusal.get());
                    } else {
                        changes.add(new Merge(into.get()));
                        applied.add("merged into " + into.get().value() + ": its messages, participants and history moved there");
                    }
                }
                case "snooze" -> {
                    boolean untilReply = arg.equalsIgnoreCase("until-reply") || arg.equalsIgnoreCase("until reply");
                    Optional<java.time.Instant> until = untilReply ? Optional.empty() : When.parse(arg, context.now(), context.zone());
                    if (!untilReply && until.isEmpty()) {
                        refused.add(c.line() + ": when? a delay (3d, 4h), a date (2026-12-24), a day (monday 09:00) or until-reply, in the future");
                    } else if (status == Status.CLOSED) {
                        refused.add(c.line() + ": the ticket is closed");
                    } else {
                        changes.add(new SetStatus(Status.ON_HOLD, c.line(), true));
                        changes.add(new Snooze(until.orElse(null)));
                        applied.add("snoozed " + until.map(i -> "until " + show(i, context.zone()) + " or ").orElse("until ") + "the customer writes");
                        status = Status.ON_HOLD;
                    }
                }
                case "sendat" -> {
                    Optional<java.time.Instant> at = When.parse(arg, context.now(), context.zone());
                    if (at.isEmpty()) {
                        refused.add(c.line() + ": when? a delay (2h), a date and time (2026-12-24 08:30), a time (17:00) or a day (monday 09:00), in the future");
                    } else {
                        changes.add(new SendAt(at.get()));
                        applied.add("your answer is held and sent " + show(at.get(), context.zone()) + ", unless the customer writes first");
                    }
                }
                case "forward" -> {
                    String[] words = arg.split("\\s+");
                    String address = words[0].toLowerCase(Locale.ROOT).replaceAll("^<|>$", "");
                    boolean withLast = java.util.Arrays.stream(words).skip(1).anyMatch(w -> w.equalsIgnoreCase("+last"));
                    if (!new postdesk.mail.Address("", address).isDeliverable() || !address.contains("@")) {
                        refused.add(c.line() + ": name the address to write to: #forward someone@example.com [+last]");
                    } else if (agents.contains(address) || address.equals(ticket.requester().address())) {
                        refused.add(c.line() + ": " + address + " is " + (agents.contains(address) ? "an agent (use #note or #assign)"
                                : "the customer (answer normally)"));
                    } else {
                        changes.add(new Forward(address, withLast));
                        applied.add("sent to " + address + " in a side thread" + (withLast ? " with the customer's last message" : "")
                                + "; their replies come to the ticket as internal notes, never to the customer");
                    }
                }
                case "split" -> {
                    changes.add(new Split());
                    applied.add("split: the text below (or the customer's lines you quoted) is a new ticket, linked both ways");
                }
                case "send" -> changes.add(new SendHeld());
                case "discard" -> changes.add(new DiscardHeld());
                case "reply" -> {
                    Optional<String> text = context.cannedReply().apply(arg);
                    if (text.isEmpty()) {
                        refused.add(c.line() + ": no canned reply '" + arg + "' (mail the subject 'replies' to the support address for the list)");
                    } else {
                        changes.add(new CannedReply(arg, text.get()));
                        applied.add("canned reply '" + arg + "' inserted");
                    }
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

    /** A moment as the agent reads it: "2026-12-24 09:00 (Europe/Berlin)". */
    static String show(java.time.Instant at, java.time.ZoneId zone) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(at.atZone(zone)) + " (" + zone.getId() + ")";
    }

    /** The changes of one kind, in order. */
    public <C extends Change> List<C> changes(Class<C> kind) {
        return changes.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    static Optional<Priority> parsePriority(String text) {
        try {
            return Optional.of(Priority.valueOf(text.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
