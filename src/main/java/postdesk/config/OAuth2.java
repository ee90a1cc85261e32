package postdesk.config;

import java.net.URI;
import java.nio.file.Path;

/**
 * How a mailbox gets the bearer tokens it logs in with over SASL XOAUTH2 or OAUTHBEARER
 * ({@code imap.auth} / {@code smtp.auth} = {@code oauth2}): the token endpoint, the grant and what
 * the grant needs.
 * <ul>
 * <li>{@link Grant#CLIENT_CREDENTIALS}: {@code clientSecret}, or {@code clientCertificate} with
 * {@code privateKey} (a signed client assertion, as Microsoft Entra takes a certificate);</li>
 * <li>{@link Grant#JWT_BEARER}: {@code privateKey} signs an assertion for {@code jwtSubject};</li>
 * <li>{@link Grant#REFRESH_TOKEN}: the refresh token {@code postdesk oauth login} stored for
 * {@code mailbox}, got once from {@code authUrl}; {@code clientSecret} may be empty (a public client).</li>
 * </ul>
 * {@code mailbox} names the mailbox these settings belong to; {@code mechanism} how the token is presented.
 */
public record OAuth2(URI tokenUrl, Grant grant, String clientId, String clientSecret, String scope, Path privateKey, String jwtSubject,
                     Path clientCertificate, URI authUrl, String mailbox, Mechanism mechanism) {

    /** The SASL mechanism the token is presented with. */
    public enum Mechanism {
        /** Google's and Microsoft's own, offered by every provider that takes tokens */
        XOAUTH2,
        /** the standard one, RFC 7628 (Dovecot, Gmail, Yahoo); XOAUTH2 stays the fallback where it is not offered */
        OAUTHBEARER
    }

    public enum Grant {
        /** app-only access (Microsoft 365: tenant token URL, client id and secret, scope https://outlook.office365.com/.default) */
        CLIENT_CREDENTIALS,
        /** RFC 7523: a signed assertion (a Google service account with domain-wide delegation, the mailbox as subject) */
        JWT_BEARER,
        /** a delegated mailbox: a refresh token from the authorization-code flow, kept sealed in the database */
        REFRESH_TOKEN
    }

    @Override
    public String toString() {
        // never print the secret
        return grant.name().toLowerCase() + " (" + mechanism.name() + ") at " + tokenUrl + " as " + clientId + (jwtSubject == null ? "" : " for " + jwtSubject)
                + (clientCertificate == null ? "" : " with certificate " + clientCertificate);
    }
}
