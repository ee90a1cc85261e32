package postdesk.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;

/** The Dovecot IMAP and Postfix SMTP of {@code ../shared/interop} on loopback, as the interop test and the Dovecot benchmark use them. */
public final class Interop {
    public static final String HOST = "127.0.0.1";
    public static final int IMAP_PORT = 1143;
    public static final int SMTP_PORT = 2525;
    public static final String SUPPORT = "support@helpdesk.test";

    private Interop() {
    }

    /** Whether both servers accept a connection. */
    public static boolean running() {
        return listening(IMAP_PORT) && listening(SMTP_PORT);
    }

    /** The variables that point a daemon at them as support@ (SMTP with AUTH), plain connections. */
    public static Map<String, String> mailServerEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("POSTDESK_IMAP_HOST", HOST);
        env.put("POSTDESK_IMAP_PORT", Integer.toString(IMAP_PORT));
        env.put("POSTDESK_IMAP_USER", SUPPORT);
        env.put("POSTDESK_IMAP_PASSWORD", "support");
        env.put("POSTDESK_IMAP_TLS", "none");
        env.put("POSTDESK_SMTP_HOST", HOST);
        env.put("POSTDESK_SMTP_PORT", Integer.toString(SMTP_PORT));
        env.put("POSTDESK_SMTP_USER", SUPPORT);
        env.put("POSTDESK_SMTP_PASSWORD", "support");
        env.put("POSTDESK_SMTP_TLS", "none");
        env.put("POSTDESK_ADDRESS", SUPPORT);
        return env;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
