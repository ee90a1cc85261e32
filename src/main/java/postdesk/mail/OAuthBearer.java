package postdesk.mail;

import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.Security;
import java.util.Map;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslException;

/**
 * The SASL OAUTHBEARER mechanism (RFC 7628) for Jakarta Mail, which brings only XOAUTH2: the
 * client's first message carries the user and the bearer token (Jakarta Mail hands them over as
 * user name and password); to an error challenge it answers the single byte 0x01 the RFC asks
 * for, and the server then fails the login.
 */
public final class OAuthBearer implements SaslClient {
    public static final String MECHANISM = "OAUTHBEARER";
    private final CallbackHandler handler;
    private boolean sent;
    private boolean complete;

    private OAuthBearer(CallbackHandler handler) {
        this.handler = handler;
    }

    /** Makes the mechanism known to {@code javax.security.sasl}; once is enough. */
    public static synchronized void register() {
        if (Security.getProvider(Factories.NAME) == null) Security.addProvider(new Factories());
    }

    @Override
    public String getMechanismName() {
        return MECHANISM;
    }

    @Override
    public boolean hasInitialResponse() {
        return true;
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        if (sent) {
            // an error report (JSON); the dummy response ends the exchange, the server then says NO
            complete = true;
            return new byte[] {1};
        }
        NameCallback user = new NameCallback("user");
        PasswordCallback token = new PasswordCallback("token", false);
        try {
            handler.handle(new Callback[] {user, token});
        } catch (Exception e) {
            throw new SaslException("no user or token for OAUTHBEARER", e);
        }
        sent = true;
        complete = true;
        String gs2User = user.getName().replace("=", "=3D").replace(",", "=2C");
        return ("n,a=" + gs2User + ",\u0001auth=Bearer " + new String(token.getPassword()) + "\u0001\u0001").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean isComplete() {
        return complete;
    }

    @Override
    public byte[] unwrap(byte[] incoming, int offset, int len) {
        throw new IllegalStateException("OAUTHBEARER has no security layer");
    }

    @Override
    public byte[] wrap(byte[] outgoing, int offset, int len) {
        throw new IllegalStateException("OAUTHBEARER has no security layer");
    }

    @Override
    public Object getNegotiatedProperty(String name) {
        return null;
    }

    @Override
    public void dispose() {
    }

    /** The provider {@code javax.security.sasl.Sasl} finds the factory through. */
    private static final class Factories extends Provider {
        static final String NAME = "Postdesk-OAUTHBEARER";

        Factories() {
            super(NAME, "1.0", "SASL OAUTHBEARER (RFC 7628) client");
            put("SaslClientFactory." + MECHANISM, Factory.class.getName());
        }
    }

    /** Public with a public constructor: the SASL framework makes it by reflection. */
    public static final class Factory implements SaslClientFactory {
        @Override
        public SaslClient createSaslClient(String[] mechanisms, String authorizationId, String protocol, String serverName,
                                           Map<String, ?> props, CallbackHandler handler) {
            for (String m : mechanisms) {
                if (MECHANISM.equalsIgnoreCase(m)) return new OAuthBearer(handler);
            }
            return null;
        }

        @Override
        public String[] getMechanismNames(Map<String, ?> props) {
            return new String[] {MECHANISM};
        }
    }
}
