package postdesk.mail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Properties;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import jakarta.mail.Session;

import postdesk.config.MailServer;
import postdesk.config.OAuth2;
import postdesk.config.Tls;

/** Jakarta Mail sessions for IMAP and SMTP from the configured server, with timeouts that never hang the loop. */
public final class MailSessions {
    private MailSessions() {
    }

    public static String imapProtocol(MailServer server) {
        return server.tls() == Tls.TLS ? "imaps" : "imap";
    }

    public static String smtpProtocol(MailServer server) {
        return server.tls() == Tls.TLS ? "smtps" : "smtp";
    }

    public static Session imap(MailServer server, int readTimeoutMillis) {
        String p = "mail." + imapProtocol(server) + ".";
        Properties props = common(p, server, readTimeoutMillis);
        // fetched in 1 MB pieces: a large mail streams into one buffer instead of being copied whole
        props.setProperty(p + "fetchsize", Integer.toString(1 << 20));
        props.setProperty(p + "partialfetch", "true");
        // reading a mail must not mark it \Seen: that happens only after the database commit
        props.setProperty(p + "peek", "true");
        bearer(props, p, server);
        return Session.getInstance(props);
    }

    public static Session smtp(MailServer server, String envelopeFrom) {
        String p = "mail." + smtpProtocol(server) + ".";
        Properties props = common(p, server, 60_000);
        props.setProperty(p + "auth", Boolean.toString(server.hasLogin()));
        bearer(props, p, server);
        props.setProperty(p + "from", envelopeFrom);
        // deliver to the recipients that are accepted and report the others
        props.setProperty(p + "sendpartial", "true");
        return Session.getInstance(props);
    }

    /**
     * A login with a bearer token (the token goes where the password would): XOAUTH2, or with
     * {@code oauth2.mechanism = oauthbearer} the standard OAUTHBEARER through SASL first, XOAUTH2
     * staying the fallback for a server that offers only that (Microsoft 365).
     */
    private static void bearer(Properties props, String p, MailServer server) {
        if (server.oauth2() == null) return;
        props.setProperty(p + "auth.mechanisms", "XOAUTH2");
        if (server.oauth2().mechanism() == OAuth2.Mechanism.OAUTHBEARER) {
            OAuthBearer.register();
            props.setProperty(p + "sasl.enable", "true");
            props.setProperty(p + "sasl.mechanisms", OAuthBearer.MECHANISM);
        }
    }

    private static Properties common(String p, MailServer server, int readTimeoutMillis) {
        Properties props = new Properties();
        props.setProperty(p + "host", server.host());
        props.setProperty(p + "port", Integer.toString(server.port()));
        props.setProperty(p + "connectiontimeout", "15000");
        props.setProperty(p + "timeout", Integer.toString(readTimeoutMillis));
        props.setProperty(p + "writetimeout", "60000");
        if (server.tls() == Tls.STARTTLS) {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
        if (server.tls() != Tls.NONE) {
            props.setProperty(p + "ssl.checkserveridentity", "true");
            if (server.truststore() != null) {
                try {
                    props.put(p + "ssl.socketFactory", socketFactory(server.truststore()));
                } catch (IOException | GeneralSecurityException e) {
                    throw new IllegalStateException("tls.truststore: " + e.getMessage(), e);
                }
            }
        }
        return props;
    }

    /** TLS sockets that trust exactly the certificates in the truststore (host names are still checked). */
    public static SSLSocketFactory socketFactory(MailServer.TrustStore trust) throws IOException, GeneralSecurityException {
        char[] password = trust.password().toCharArray();
        KeyStore store;
        try (InputStream in = Files.newInputStream(trust.path())) {
            String name = trust.path().toString().toLowerCase(java.util.Locale.ROOT);
            store = KeyStore.getInstance(name.endsWith(".jks") ? "JKS" : "PKCS12");
            store.load(in, password);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context.getSocketFactory();
    }
}
