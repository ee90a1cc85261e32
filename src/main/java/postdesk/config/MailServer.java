package postdesk.config;

import java.nio.file.Path;

/**
 * Where and how to reach an IMAP or SMTP server. {@code user} is empty when no login is needed;
 * {@code truststore} (may be null) holds the certificates to trust instead of the JDK's, for
 * servers with a private CA or a self-signed certificate. With {@code oauth2} (may be null) the
 * login is SASL XOAUTH2 with a bearer token instead of {@code password}.
 */
public record MailServer(String host, int port, String user, String password, Tls tls, TrustStore truststore, OAuth2 oauth2) {

    public MailServer(String host, int port, String user, String password, Tls tls) {
        this(host, port, user, password, tls, null, null);
    }

    public boolean hasLogin() {
        return !user.isEmpty();
    }

    /** A PKCS12 or JKS file of trusted certificates, checked when the configuration is loaded. */
    public record TrustStore(Path path, String password) {
        @Override
        public String toString() {
            return path.toString();
        }
    }

    @Override
    public String toString() {
        // never print the password
        return host + ":" + port + " (" + tls.name().toLowerCase() + (hasLogin() ? ", user " + user : "")
                + (oauth2 == null ? "" : ", OAuth 2.0 " + oauth2)
                + (truststore == null ? "" : ", trusting " + truststore.path()) + ")";
    }
}
