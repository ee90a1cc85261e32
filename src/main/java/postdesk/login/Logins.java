package postdesk.login;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.mail.MessagingException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import postdesk.config.MailServer;
import postdesk.config.OAuth2;

/**
 * The secret a mailbox logs in with: its password, or a bearer token from its OAuth 2.0 token
 * endpoint for SASL XOAUTH2. Tokens are kept per OAuth 2.0 setting (the IMAP and SMTP logins of
 * one mailbox share theirs) and fetched again before every connection that would otherwise use one
 * expiring within {@link #MARGIN}, so a login never starts with a token about to lapse. A token the
 * server refused is dropped ({@link #refused}), so the next attempt fetches a fresh one.
 * <p>
 * A delegated mailbox's refresh token comes from {@link RefreshTokens} (the database, sealed), and
 * a new one the endpoint hands out replaces it at once (rotation).
 * <p>
 * Plain JDK HTTP and Jackson rather than an OAuth 2.0 library: each grant is one form POST and a
 * JSON answer, and the RFC 7523 assertions are one RS256 signature each; Microsoft's and Google's
 * own libraries would bring their HTTP stacks (and one vendor each) for that.
 */
public final class Logins {
    /** A token expiring sooner than this is not used for a new connection. */
    static final Duration MARGIN = Duration.ofMinutes(5);
    private static final Duration ASSERTION_LIFETIME = Duration.ofHours(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Map<OAuth2, Token> TOKENS = new ConcurrentHashMap<>();
    private static final Clock clock = Clock.systemUTC();
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    /** Where delegated mailboxes' refresh tokens are kept: set once the database is open. */
    private static volatile RefreshTokens refreshTokens;

    private Logins() {
    }

    /** A bearer token and the moment it lapses. */
    public record Token(String value, Instant expires) {
    }

    /** Where the refresh tokens of delegated mailboxes are read and rotated from now on. */
    public static void useRefreshTokens(RefreshTokens store) {
        refreshTokens = store;
    }

    /** The password, or a bearer token valid for at least {@link #MARGIN}, for logging in to {@code server}. */
    public static String secret(MailServer server) throws MessagingException {
        if (server.oauth2() == null) return server.password();
        Token held = TOKENS.get(server.oauth2());
        if (held != null && held.expires().isAfter(clock.instant().plus(MARGIN))) return held.value();
        synchronized (Logins.class) { // the IMAP, IDLE and SMTP connections ask at once after a restart: one request
            held = TOKENS.get(server.oauth2());
            if (held != null && held.expires().isAfter(clock.instant().plus(MARGIN))) return held.value();
            Token fresh = fetch(server.oauth2());
            TOKENS.put(server.oauth2(), fresh);
            return fresh.value();
        }
    }

    /** The server refused the login: the token is not used again. */
    public static void refused(MailServer server) {
        if (server.oauth2() != null) TOKENS.remove(server.oauth2());
    }

    /** When the token held for {@code server} lapses, if one is held. */
    public static Optional<Instant> expiry(MailServer server) {
        return server.oauth2() == null ? Optional.empty() : Optional.ofNullable(TOKENS.get(server.oauth2())).map(Token::expires);
    }

    /** Asks the token endpoint; any failure is a {@link MessagingException} naming the endpoint, like a failed login. */
    static Token fetch(OAuth2 oauth) throws MessagingException {
        Map<String, String> form = new LinkedHashMap<>();
        switch (oauth.grant()) {
            case CLIENT_CREDENTIALS -> form.put("grant_type", "client_credentials");
            case JWT_BEARER -> {
                form.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
                form.put("assertion", signed(oauth, () -> assertion(oauth, clock.instant())));
            }
            case REFRESH_TOKEN -> {
                RefreshTokens store = refreshTokens;
                String refresh = store == null ? null : store.current(oauth.mailbox()).orElse(null);
                if (refresh == null) {
                    throw new MessagingException("mailbox " + oauth.mailbox() + " has no refresh token yet: run 'postdesk oauth login "
                            + oauth.mailbox() + "' once to sign in to it");
                }
                form.put("grant_type", "refresh_token");
                form.put("refresh_token", refresh);
            }
        }
        if (!oauth.scope().isEmpty()) form.put("scope", oauth.scope());
        return token(oauth, form);
    }

    /**
     * Trades the code of the authorization-code flow (with its PKCE verifier) for the first
     * tokens and stores the refresh token; {@code postdesk oauth login} calls it.
     */
    public static Token signedIn(OAuth2 oauth, String code, String redirectUri, String verifier) throws MessagingException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", verifier);
        return token(oauth, form);
    }

    /** A PKCE (RFC 7636) verifier: 43 characters of 256 random bits. */
    public static String newVerifier() {
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /** The S256 challenge of a PKCE verifier. */
    public static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts a token request, authenticating the client, and keeps a refresh token the answer carries. */
    private static Token token(OAuth2 oauth, Map<String, String> grant) throws MessagingException {
        Map<String, String> form = new LinkedHashMap<>(grant);
        if (oauth.grant() != OAuth2.Grant.JWT_BEARER) {
            form.put("client_id", oauth.clientId());
            if (oauth.clientCertificate() != null) {
                form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
                form.put("client_assertion", signed(oauth, () -> clientAssertion(oauth, clock.instant())));
            } else if (oauth.clientSecret() != null && !oauth.clientSecret().isEmpty()) {
                form.put("client_secret", oauth.clientSecret());
            }
        }
        String grantType = form.get("grant_type").replaceAll(".*:", "");
        try {
            HttpRequest request = HttpRequest.newBuilder(oauth.tokenUrl()).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                            .collect(Collectors.joining("&"))))
                    .build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() != 200 || !body.hasNonNull("access_token")) {
                String error = body.path("error").asText("HTTP " + response.statusCode());
                String why = error + (body.hasNonNull("error_description") ? ": " + body.get("error_description").asText() : "");
                String advice = error.equals("invalid_grant") && !grantType.equals("jwt-bearer")
                        ? " (sign in again: postdesk oauth login " + oauth.mailbox() + ")" : "";
                throw new MessagingException("OAuth 2.0 token endpoint " + oauth.tokenUrl() + " refused " + grantType
                        + " for client " + oauth.clientId() + ": " + why.replaceAll("\\s+", " ") + advice);
            }
            if (body.hasNonNull("refresh_token") && oauth.grant() == OAuth2.Grant.REFRESH_TOKEN) {
                RefreshTokens store = refreshTokens;
                String issued = body.get("refresh_token").asText();
                // a rotated token replaces the old at once: many servers refuse the old one from now on
                if (store != null && !issued.equals(form.get("refresh_token"))) store.store(oauth.mailbox(), issued);
            }
            // RFC 6749 makes expires_in optional: without it the token is taken to last an hour
            long seconds = body.path("expires_in").asLong(3600);
            return new Token(body.get("access_token").asText(), clock.instant().plusSeconds(seconds));
        } catch (IOException e) {
            throw new MessagingException("no OAuth 2.0 token from " + oauth.tokenUrl() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while asking " + oauth.tokenUrl() + " for a token", e);
        }
    }

    private interface Signing {
        String sign() throws IOException, GeneralSecurityException;
    }

    private static String signed(OAuth2 oauth, Signing signing) throws MessagingException {
        try {
            return signing.sign();
        } catch (IOException | GeneralSecurityException e) {
            throw new MessagingException("cannot sign the OAuth 2.0 assertion for " + oauth.tokenUrl() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The client's own assertion in place of a secret (RFC 7523 section 2.2, "private_key_jwt"):
     * issued by and about the client, for the token endpoint, naming the certificate by its SHA-1
     * thumbprint ({@code x5t}) as Microsoft Entra asks.
     */
    static String clientAssertion(OAuth2 oauth, Instant now) throws IOException, GeneralSecurityException {
        byte[] der = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(oauth.clientCertificate())).getEncoded();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        header.put("x5t", Base64.getUrlEncoder().withoutPadding().encodeToString(java.security.MessageDigest.getInstance("SHA-1").digest(der)));
        byte[] jti = new byte[16];
        RANDOM.nextBytes(jti);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", oauth.clientId());
        claims.put("sub", oauth.clientId());
        claims.put("aud", oauth.tokenUrl().toString());
        claims.put("jti", java.util.HexFormat.of().formatHex(jti));
        claims.put("iat", now.getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", now.plus(Duration.ofMinutes(10)).getEpochSecond());
        return jwt(header, claims, oauth);
    }

    /** The RFC 7523 assertion: the client as issuer, the mailbox as subject, the token endpoint as audience, signed RS256. */
    static String assertion(OAuth2 oauth, Instant now) throws IOException, GeneralSecurityException {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", oauth.clientId());
        claims.put("sub", oauth.jwtSubject());
        claims.put("aud", oauth.tokenUrl().toString());
        if (!oauth.scope().isEmpty()) claims.put("scope", oauth.scope());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ASSERTION_LIFETIME).getEpochSecond());
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        return jwt(header, claims, oauth);
    }

    /** A JWT signed RS256 with the settings' private key. */
    private static String jwt(Map<String, Object> header, Map<String, Object> claims, OAuth2 oauth) throws IOException, GeneralSecurityException {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signed = b64.encodeToString(JSON.writeValueAsBytes(header)) + "." + b64.encodeToString(JSON.writeValueAsBytes(claims));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(privateKey(Files.readString(oauth.privateKey())));
        rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + b64.encodeToString(rsa.sign());
    }

    /** A PEM "PRIVATE KEY" (PKCS#8), as Google's service-account files and {@code openssl genpkey} write it. */
    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new GeneralSecurityException("the key file is not a PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----);"
                    + " convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY");
        }
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s+", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
