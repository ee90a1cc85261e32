package postdesk.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import jakarta.mail.MessagingException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.config.MailServer;
import postdesk.config.OAuth2;
import postdesk.config.Tls;

/** The RFC 7523 grant (a Google service account with domain-wide delegation) against a token endpoint that checks the signature. */
class LoginsTest {
    @TempDir
    Path dir;
    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    @Test
    void aSignedAssertionNamesTheClientTheMailboxAndTheEndpointAndIsVerifiedWithThePublicKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Path pem = dir.resolve("service-account.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Map<String, Object> seen = new HashMap<>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", exchange -> {
            Map<String, String> form = form(exchange.getRequestBody().readAllBytes());
            String[] jwt = form.get("assertion").split("\\.");
            boolean valid = signedBy(keys.getPublic(), jwt);
            seen.put("grant_type", form.get("grant_type"));
            seen.put("header", new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt[0])));
            seen.put("claims", new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt[1])));
            byte[] body = (valid ? "{\"access_token\":\"ya29.granted\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"
                    : "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(valid ? 200 : 400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        URI tokenUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
        OAuth2 oauth = new OAuth2(tokenUrl, OAuth2.Grant.JWT_BEARER, "postdesk@project.iam.gserviceaccount.com", null,
                "https://mail.google.com/", pem, "support@example.com", null, null, "default", OAuth2.Mechanism.XOAUTH2);
        MailServer gmail = new MailServer("imap.gmail.com", 993, "support@example.com", "", Tls.TLS, null, oauth);

        Instant before = Instant.now();
        assertThat(Logins.secret(gmail)).isEqualTo("ya29.granted");
        assertThat(seen.get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
        assertThat(((JsonNode) seen.get("header")).path("alg").asText()).isEqualTo("RS256");
        JsonNode claims = (JsonNode) seen.get("claims");
        assertThat(claims.path("iss").asText()).isEqualTo("postdesk@project.iam.gserviceaccount.com");
        assertThat(claims.path("sub").asText()).isEqualTo("support@example.com");
        assertThat(claims.path("aud").asText()).isEqualTo(tokenUrl.toString());
        assertThat(claims.path("scope").asText()).isEqualTo("https://mail.google.com/");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(3600);
        assertThat(Logins.expiry(gmail).orElseThrow()).isAfter(before.plusSeconds(3500));

        // another key signs: the endpoint's refusal is the login's error, naming the endpoint and its reason
        KeyPair other = generator.generateKeyPair();
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(other.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Logins.refused(gmail);
        assertThatThrownBy(() -> Logins.secret(gmail)).isInstanceOf(MessagingException.class)
                .hasMessageContaining(tokenUrl.toString()).hasMessageContaining("invalid_grant: Invalid JWT Signature.");
    }

    @Test
    void aKeyThatIsNotPkcs8SaysHowToConvertIt() {
        assertThatThrownBy(() -> Logins.privateKey("-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----"))
                .hasMessageContaining("openssl pkcs8 -topk8");
    }

    /** Microsoft Entra's certificate credential: a client assertion naming the certificate by its thumbprint, in place of a secret. */
    @Test
    void aClientCertificateSignsTheClientsOwnAssertionInsteadOfASecret() throws Exception {
        Path store = dir.resolve("app.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "app", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=postdesk-app", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        java.security.cert.Certificate cert = ks.getCertificate("app");
        Path certPem = dir.resolve("app.crt");
        Path keyPem = dir.resolve("app.key");
        Files.writeString(certPem, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(ks.getKey("app", "changeit".toCharArray()).getEncoded()) + "\n-----END PRIVATE KEY-----\n");

        Map<String, String> form = new HashMap<>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", exchange -> {
            form.putAll(form(exchange.getRequestBody().readAllBytes()));
            String[] jwt = form.get("client_assertion").split("\\.");
            boolean valid = signedBy(cert.getPublicKey(), jwt);
            try {
                JsonNode header = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt[0]));
                valid &= header.path("x5t").asText().equals(Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(java.security.MessageDigest.getInstance("SHA-1").digest(cert.getEncoded())));
                JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt[1]));
                valid &= claims.path("iss").asText().equals("app-id") && claims.path("sub").asText().equals("app-id")
                        && !claims.path("jti").asText().isEmpty();
            } catch (Exception e) {
                valid = false;
            }
            byte[] body = (valid ? "{\"access_token\":\"eyJ.app-only\",\"expires_in\":3599}" : "{\"error\":\"invalid_client\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(valid ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        URI tokenUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
        OAuth2 oauth = new OAuth2(tokenUrl, OAuth2.Grant.CLIENT_CREDENTIALS, "app-id", "", "https://outlook.office365.com/.default",
                keyPem, null, certPem, null, "default", OAuth2.Mechanism.XOAUTH2);
        MailServer exchangeOnline = new MailServer("outlook.office365.com", 993, "support@example.com", "", Tls.TLS, null, oauth);
        assertThat(Logins.secret(exchangeOnline)).isEqualTo("eyJ.app-only");
        assertThat(form).containsEntry("grant_type", "client_credentials").containsEntry("client_id", "app-id")
                .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                .doesNotContainKey("client_secret");
    }

    private static Map<String, String> form(byte[] body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return form;
    }

    /** Whether a JWT's RS256 signature is the key's. */
    private static boolean signedBy(java.security.PublicKey key, String[] jwt) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            return rsa.verify(Base64.getUrlDecoder().decode(jwt[2]));
        } catch (Exception e) {
            return false;
        }
    }
}
