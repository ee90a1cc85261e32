package postdesk.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import postdesk.ticket.Categories;
import postdesk.ticket.Priorities;

/**
 * The desk itself: its mailboxes (the first is where mail of no known mailbox goes), the
 * categories and priorities tickets take (with the severity words customers use for them), the
 * shared templates folder, the languages customers are written to in, and the policy for new tickets.
 */
public record Desk(List<Mailbox> mailboxes, Categories categories, Priorities priorities, Path templatesDir, Languages languages,
                   TicketPolicy policy) {

    public Desk {
        if (mailboxes.isEmpty()) throw new IllegalArgumentException("a desk has at least one mailbox");
        mailboxes = List.copyOf(mailboxes);
    }

    /** The first mailbox: tickets of a mailbox no longer configured are served from it. */
    public Mailbox primary() {
        return mailboxes.get(0);
    }

    /** The mailbox called {@code name}, or the first one when there is none by that name (or {@code name} is null). */
    public Mailbox mailbox(String name) {
        for (Mailbox m : mailboxes) {
            if (m.name().equals(name)) return m;
        }
        return primary();
    }

    /** The support addresses and the category aliases that deliver to them: mail "from" them is Postdesk's own. */
    public boolean isOwnAddress(String emailAddress) {
        String a = emailAddress.toLowerCase(Locale.ROOT);
        return mailboxes.stream().anyMatch(m -> m.address().equals(a)) || categories.aliasAddresses().contains(a);
    }

    /** An agent of any mailbox (each mailbox's agents are told about its tickets; any agent may answer any ticket). */
    public boolean isAgent(String emailAddress) {
        return mailboxes.stream().anyMatch(m -> m.isAgent(emailAddress));
    }

    /** Every agent of every mailbox, each once. */
    public List<String> agents() {
        return mailboxes.stream().flatMap(m -> m.agents().stream()).distinct().toList();
    }

    /** The domain of the first support address: Postdesk's own Message-IDs live under it. */
    public String domain() {
        String address = primary().address();
        return address.substring(address.indexOf('@') + 1);
    }
}
