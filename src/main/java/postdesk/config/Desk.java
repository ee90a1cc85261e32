package postdesk.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import postdesk.ticket.Categories;
import postdesk.ticket.Priorities;

/**
 * The desk itself: the support address and name mail goes out under, its agents, the categories
 * and priorities tickets take, and the templates of its mail.
 */
public record Desk(String address, String supportName, List<String> agents, Categories categories, Priorities priorities,
                   Path templatesDir) {

    /** The support address and the category aliases that deliver to it: mail "from" them is Postdesk's own. */
    public boolean isOwnAddress(String emailAddress) {
        String a = emailAddress.toLowerCase(Locale.ROOT);
        return a.equals(address) || categories.aliasAddresses().contains(a);
    }

    public boolean isAgent(String emailAddress) {
        return agents.contains(emailAddress.toLowerCase(Locale.ROOT));
    }

    /** The domain of the support address: Postdesk's own Message-IDs live under it. */
    public String domain() {
        return address.substring(address.indexOf('@') + 1);
    }
}
