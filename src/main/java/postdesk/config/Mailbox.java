package postdesk.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One support address with everything it does on its own: the IMAP mailbox it is read from, the
 * SMTP login its mail leaves by, the name and templates its mail carries, the category its new
 * tickets take (null: the desk's rules decide) and the agents told about its tickets.
 * {@code templatesDir} is the mailbox's own folder (null: none), searched before the desk's.
 */
public record Mailbox(String name, ImapSettings imap, MailServer smtp, String address, String supportName, List<String> agents,
                      String category, Path templatesDir) {

    /** The name of the one mailbox a configuration without {@code mailboxes} has. */
    public static final String DEFAULT = "default";

    public boolean isAgent(String emailAddress) {
        return agents.contains(emailAddress.toLowerCase(Locale.ROOT));
    }

    /**
     * How the mail log names this mailbox's folder: the default mailbox keeps the bare folder name
     * it had before there were several, so an upgrade recognises the mail it took.
     */
    public String logFolder(String folder) {
        return name.equals(DEFAULT) ? folder : name + "/" + folder;
    }

    @Override
    public String toString() {
        return name + " <" + address + ">";
    }
}
