package postdesk.config;

import java.util.Locale;
import java.util.Set;

import postdesk.ticket.StructuredFields;

/**
 * What the desk promises around a new ticket: the plan of senders not in the customer directory
 * ({@code defaultPlan}; every other plan is paid and marks its tickets premium), the plans whose
 * new mail is answered with a pointer to the forum instead of a ticket, the structured fields read
 * from the first message, the organisations whose tickets are shared with them unless the
 * customer writes {@code Share: private}, and whether the customer is told when work starts.
 */
public record TicketPolicy(String defaultPlan, Set<String> forumPlans, String forumUrl, StructuredFields fields,
                           Set<String> sharedOrganisations, boolean tellWorkStarted) {

    public static final String DEFAULT_PLAN = "free";

    public static TicketPolicy defaults() {
        return new TicketPolicy(DEFAULT_PLAN, Set.of(), "", StructuredFields.DEFAULT, Set.of(), true);
    }

    public TicketPolicy {
        defaultPlan = defaultPlan.strip(); // as the desk writes it: customers read it
        forumPlans = Set.copyOf(forumPlans);
        sharedOrganisations = Set.copyOf(sharedOrganisations);
    }

    /** Whether {@code plan} is a paid one (its tickets are premium). */
    public boolean isPaid(String plan) {
        return !defaultPlan.equalsIgnoreCase(plan);
    }

    /** Whether new mail from customers on {@code plan} gets the forum pointer instead of a ticket. */
    public boolean pointsToForum(String plan) {
        return forumPlans.contains(plan.toLowerCase(Locale.ROOT));
    }

    /** Whether an organisation's tickets are shared with it unless the customer asks otherwise. */
    public boolean sharesByDefault(String organisation) {
        return organisation != null && sharedOrganisations.contains(organisation.strip().toLowerCase(Locale.ROOT));
    }

    /** Reads {@code plan.policies}: {@code plan=forum|ticket, …} → the forum plans. */
    static Set<String> forumPlans(String text) {
        Set<String> forum = new java.util.HashSet<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) continue;
            String[] kv = entry.split("=");
            if (kv.length != 2) throw new IllegalArgumentException("'" + entry.strip() + "' is not plan=forum or plan=ticket");
            String plan = kv[0].strip().toLowerCase(Locale.ROOT);
            switch (kv[1].strip().toLowerCase(Locale.ROOT)) {
                case "forum" -> forum.add(plan);
                case "ticket" -> forum.remove(plan);
                default -> throw new IllegalArgumentException("'" + kv[1].strip() + "' is not forum or ticket");
            }
        }
        return forum;
    }

    /** Lower-cased organisation names of a comma-separated list. */
    static Set<String> organisations(String text) {
        return java.util.Arrays.stream(text.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(java.util.stream.Collectors.toSet());
    }
}
