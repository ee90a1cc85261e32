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
 * Plain JDK HTTP and Jackson rather than an OAuth 2.0 library: the two grants are one form POST
 * each and a JSON answer, and the RFC 7523 assertion is one RS256 signature; Microsoft's and
 * Google's own libraries would bring their HTTP stacks for that.
 */
public final class Logins {
    /** A token expiring sooner than this is not used for a new connection. */
    static final Duration MARGIN = Duration.ofMinutes(5);
    private static final Duration ASSERTION_LIFETIME = Duration.ofHours(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Map<OAuth2, Token> TOKENS = new ConcurrentHashMap<>();
    private static final Clock clock = Clock.systemUTC();

    private Logins() {
    }

    /** A bearer token and the moment it lapses. */
    public record Token(String value, Instant expires) {
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
        try {
            switch (oauth.grant()) {
                case CLIENT_CREDENTIALS -> {
                    form.put("grant_type", "client_credentials");
                    form.put("client_id", oauth.clientId());
                    form.put("client_secret", oauth.clientSecret());
                }
                case JWT_BEARER -> {
                    form.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
                    form.put("assertion", assertion(oauth, clock.instant()));
                }
            }
            if (!oauth.scope().isEmpty()) form.put("scope", oauth.scope());
            HttpRequest request = HttpRequest.newBuilder(oauth.tokenUrl()).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                            .collect(Collectors.joining("&"))))
                    .build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() != 200 || !body.hasNonNull("access_token")) {
                String why = body.path("error").asText("HTTP " + response.statusCode())
                        + (body.hasNonNull("error_description") ? ": " + body.get("error_description").asText() : "");
                throw new MessagingException("OAuth 2.0 token endpoint " + oauth.tokenUrl() + " refused " + oauth.grant().name().toLowerCase()
                        + " for client " + oauth.clientId() + ": " + why.replaceAll("\\s+", " "));
            }
            // RFC 6749 makes expires_in optional: without it the token is taken to last an hour
            long seconds = body.path("expires_in").asLong(3600);
            return new Token(body.get("access_token").asText(), clock.instant().plusSeconds(seconds));
        } catch (IOException | GeneralSecurityException e) {
            throw new MessagingException("no OAuth 2.0 token from " + oauth.tokenUrl() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while asking " + oauth.tokenUrl() + " for a token", e);
        }
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
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signed = b64.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT")))
                + "." + b64.encodeToString(JSON.writeValueAsBytes(claims));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(privateKey(Files.readString(oauth.jwtKey())));
        rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + b64.encodeToString(rsa.sign());
    }

    /** A PEM "PRIVATE KEY" (PKCS#8), as Google's service-account files and {@code openssl genpkey} write it. */
    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new GeneralSecurityException("oauth2.jwt.key is not a PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----);"
                    + " convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY");
        }
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s+", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
