package postdesk.config;

import java.net.URI;
import java.nio.file.Path;

/**
 * How a mailbox gets the bearer tokens it logs in with over SASL XOAUTH2 ({@code imap.auth} /
 * {@code smtp.auth} = {@code oauth2}): the token endpoint, the grant and what the grant needs.
 * {@code clientSecret} is set for {@link Grant#CLIENT_CREDENTIALS}; {@code jwtKey} (a PEM PKCS#8
 * RSA private key file) and {@code jwtSubject} (the mailbox) for {@link Grant#JWT_BEARER}.
 */
public record OAuth2(URI tokenUrl, Grant grant, String clientId, String clientSecret, String scope, Path jwtKey, String jwtSubject) {

    public enum Grant {
        /** app-only access (Microsoft 365: tenant token URL, client id and secret, scope https://outlook.office365.com/.default) */
        CLIENT_CREDENTIALS,
        /** RFC 7523: a signed assertion (a Google service account with domain-wide delegation, the mailbox as subject) */
        JWT_BEARER
    }

    @Override
    public String toString() {
        // never print the secret
        return grant.name().toLowerCase() + " at " + tokenUrl + " as " + clientId + (jwtSubject == null ? "" : " for " + jwtSubject);
    }
}
