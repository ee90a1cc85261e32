package postdesk.cli;

import java.io.PrintWriter;

import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.Transport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import postdesk.login.Logins;
import postdesk.config.Durations;
import postdesk.config.MailServer;
import postdesk.config.Mailbox;
import postdesk.config.PostdeskConfig;
import postdesk.daemon.Core;
import postdesk.mail.MailSessions;
import postdesk.store.Database;

@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate the configuration, then try the database and the IMAP and SMTP logins, and say what failed.")
final class CheckConfigCommand extends ConfigCommand {

    @Option(names = "--offline", description = "only validate the configuration; do not connect to anything")
    boolean offline;

    @Override
    public Integer call() {
        PostdeskConfig c = config();
        PrintWriter out = out();
        out.println("configuration is valid");
        boolean several = c.desk().mailboxes().size() > 1;
        for (Mailbox m : c.desk().mailboxes()) {
            if (several) out.println("  mailbox " + m.name());
            out.println("  support address  " + m.address() + " (" + m.supportName() + ")" + (m.category() == null ? "" : ", category " + m.category()));
            out.println("  agents           " + (m.agents().isEmpty() ? "(none: nobody is notified)" : String.join(", ", m.agents())));
            out.println("  IMAP             " + (c.sandbox() ? "sandbox " : "") + m.imap().server() + ", folder " + m.imap().inboxFolder()
                    + " -> " + m.imap().processedFolder() + " / " + m.imap().quarantineFolder() + ", poll every "
                    + Durations.format(m.imap().pollInterval()));
            out.println("  SMTP             " + (c.sandbox() ? "sandbox " : "") + m.smtp());
        }
        out.println("  database         " + c.database().redactedUrl());
        out.println("  HTTP             " + c.http().bind() + ":" + c.http().port() + (c.http().token().isEmpty() ? "" : " (token required)"));
        out.println("  languages        " + c.desk().languages().fallback() + " (default)"
                + c.desk().languages().offered().stream().sorted().map(l -> ", " + l).collect(java.util.stream.Collectors.joining()));
        out.println("  auto-close after " + Durations.format(c.lifecycle().autocloseAfter())
                + " (reminder " + Durations.format(c.lifecycle().autocloseReminderBefore()) + " before), timers every " + Durations.format(c.lifecycle().timersInterval()));
        if (offline) return 0;
        if (c.sandbox()) {
            out.println("sandbox mode: the mail servers start with `run`; nothing to log in to now");
        }
        boolean ok = check(out, "database", () -> {
            try (Database db = Database.open(c.database().url(), c.database().user(), c.database().password())) {
                if (!db.ping()) throw new IllegalStateException("no answer");
            }
        });
        if (!c.sandbox()) {
            // a delegated mailbox's refresh token is in the database; without one its login says to sign in first
            try (Database db = ok ? openDatabase(c) : null) {
                if (db != null) Logins.useRefreshTokens(Core.refreshTokens(c, db, java.time.Clock.systemUTC()));
                for (Mailbox m : c.desk().mailboxes()) {
                    String of = several ? " of mailbox " + m.name() : "";
                    ok &= check(out, "IMAP login" + of, () -> imapLogin(m.imap().server()));
                    ok &= check(out, "SMTP " + (m.smtp().hasLogin() ? "login" : "connection") + of, () -> smtpLogin(m));
                }
            }
        }
        return ok ? 0 : 1;
    }

    private interface Probe {
        void run() throws Exception;
    }

    private static boolean check(PrintWriter out, String what, Probe probe) {
        try {
            probe.run();
            out.println("ok      " + what);
            return true;
        } catch (Exception e) {
            out.println("FAILED  " + what + ": " + plainWords(e));
            return false;
        }
    }

    private static void imapLogin(MailServer s) throws MessagingException {
        Store store = MailSessions.imap(s, 15_000).getStore(MailSessions.imapProtocol(s));
        store.connect(s.host(), s.port(), s.user(), Logins.secret(s));
        store.close();
    }

    private static void smtpLogin(Mailbox m) throws MessagingException {
        MailServer s = m.smtp();
        Transport t = MailSessions.smtp(s, m.address()).getTransport(MailSessions.smtpProtocol(s));
        t.connect(s.host(), s.port(), s.hasLogin() ? s.user() : null, s.hasLogin() ? Logins.secret(s) : null);
        t.close();
    }

    /** The root cause in words an operator can act on. */
    static String plainWords(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root instanceof java.net.ConnectException) return "nothing listens there (connection refused): " + m;
        if (root instanceof java.net.UnknownHostException) return "unknown host " + m;
        if (root instanceof java.net.SocketTimeoutException) return "no answer in time (firewall or wrong port?): " + m;
        if (root instanceof javax.net.ssl.SSLException) return "TLS failed (wrong tls setting or untrusted certificate?): " + m;
        if (e instanceof jakarta.mail.AuthenticationFailedException) return "login refused (wrong user or password?): " + m;
        return m.replaceAll("\\s+", " ");
    }
}
