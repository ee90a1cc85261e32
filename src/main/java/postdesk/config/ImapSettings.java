package postdesk.config;

import java.time.Duration;

/** The support mailbox: its server, the folders Postdesk reads and files into, and how often it polls. */
public record ImapSettings(MailServer server, String inboxFolder, String processedFolder, String quarantineFolder,
                           Duration pollInterval) {
}
