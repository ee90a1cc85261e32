package postdesk.sandbox;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import postdesk.config.PostdeskConfig;

/**
 * The embedded mail server of the sandbox (GreenMail, SMTP + IMAP on 127.0.0.1), with the support
 * mailbox, the configured agents and two customers. Every login is the full address, with the
 * address's local part as password. Nothing leaves the machine.
 */
public final class Sandbox implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
    public static final List<String> CUSTOMERS = List.of("alice@customer.test", "bob@customer.test");

    private final GreenMail greenMail;
    private final List<String> accounts = new ArrayList<>();

    private Sandbox(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    public static Sandbox start(PostdeskConfig config) {
        GreenMail gm = new GreenMail(new ServerSetup[] {
                new ServerSetup(config.desk().primary().smtp().port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(config.desk().primary().imap().server().port(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        gm.start();
        // support+TOKEN@… (an agent's reply address) is delivered to support@…, as Postfix and Dovecot do with recipient_delimiter=+
        gm.getUserManager().setSieveIgnoreDetail(true);
        Sandbox sandbox = new Sandbox(gm);
        config.desk().mailboxes().forEach(m -> sandbox.addAccount(m.address()));
        config.desk().agents().forEach(sandbox::addAccount);
        CUSTOMERS.forEach(sandbox::addAccount);
        return sandbox;
    }

    private void addAccount(String address) {
        greenMail.setUser(address, address, address.substring(0, address.indexOf('@')));
        accounts.add(address);
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public int imapPort() {
        return greenMail.getImap().getPort();
    }

    /** The loud start-up banner: this is a sandbox, where it listens, and how to write to it. */
    public void announce(PostdeskConfig config, int httpPort) {
        String bar = "=".repeat(78);
        StringBuilder b = new StringBuilder("\n").append(bar).append('\n')
                .append("  POSTDESK SANDBOX - an embedded test mail server; no mail leaves this machine\n")
                .append(bar).append('\n')
                .append("  SMTP 127.0.0.1:").append(smtpPort()).append("   IMAP 127.0.0.1:").append(imapPort())
                .append("   status page http://").append(config.http().bind()).append(':').append(httpPort).append("/\n")
                .append("  Accounts (login = address, password = the part before @):\n");
        for (String a : accounts) {
            String role = config.desk().isOwnAddress(a) ? "support mailbox (Postdesk reads it)"
                    : config.desk().isAgent(a) ? "agent" : "customer";
            b.append(String.format("    %-28s %s%n", a, role));
        }
        b.append("  Send a first mail as alice:\n")
                .append("    printf 'From: Alice <alice@customer.test>\\r\\nTo: ").append(config.desk().primary().address())
                .append("\\r\\nSubject: Printer on fire\\r\\n\\r\\nIt smokes.\\r\\n' |\n")
                .append("      curl -s smtp://127.0.0.1:").append(smtpPort())
                .append(" --mail-from alice@customer.test --mail-rcpt ").append(config.desk().primary().address()).append(" -T -\n")
                .append("  Then read alice's inbox (the acknowledgement):\n")
                .append("    curl -s -u alice@customer.test:alice 'imap://127.0.0.1:").append(imapPort())
                .append("/INBOX' -X 'FETCH 1:* (BODY[HEADER.FIELDS (FROM SUBJECT)])'\n")
                .append("  To use real mail servers, set imap.host (POSTDESK_IMAP_HOST) and smtp.host; see the README.\n")
                .append(bar);
        log.warn(b.toString());
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
