package postdesk.config;

/** Where and how to reach an IMAP or SMTP server. {@code user} is empty when no login is needed. */
public record MailServer(String host, int port, String user, String password, Tls tls) {
    public boolean hasLogin() {
        return !user.isEmpty();
    }

    @Override
    public String toString() {
        // never print the password
        return host + ":" + port + " (" + tls.name().toLowerCase() + (hasLogin() ? ", user " + user : "") + ")";
    }
}
