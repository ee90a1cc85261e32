package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.SUPPORT;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.testing.MailWorld;

/**
 * Mailbox logins with OAuth 2.0 (issue 15): the daemon gets bearer tokens from a token endpoint on
 * loopback (client credentials, as Microsoft 365's app-only access) and logs in to GreenMail's
 * IMAP and SMTP with SASL XOAUTH2, where the token is checked as the account's password.
 */
class OAuthLoginTest {
    @TempDir
    Path dir;
    HttpServer tokenServer;
    /** What the token endpoint hands out next. */
    volatile String nextToken = "token-1";
    final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (tokenServer != null) tokenServer.stop(0);
    }

    private MailWorld world() throws Exception {
        tokenServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tokenServer.createContext("/tenant/oauth2/v2.0/token", exchange -> {
            Map<String, String> form = new HashMap<>();
            for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                String[] kv = pair.split("=", 2);
                form.put(kv[0], URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
            }
            requests.add(form);
            boolean known = "postdesk-app".equals(form.get("client_id")) && "s3cret".equals(form.get("client_secret"));
            byte[] body = (known ? "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"" + nextToken + "\"}"
                    : "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(known ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        tokenServer.start();
        MailWorld world = new MailWorld(dir)
                .with("POSTDESK_IMAP_AUTH", "oauth2")
                .with("POSTDESK_SMTP_AUTH", "oauth2")
                .with("POSTDESK_SMTP_USER", SUPPORT)
                .with("POSTDESK_OAUTH2_TOKEN_URL", "http://127.0.0.1:" + tokenServer.getAddress().getPort() + "/tenant/oauth2/v2.0/token")
                .with("POSTDESK_OAUTH2_CLIENT_ID", "postdesk-app")
                .with("POSTDESK_OAUTH2_CLIENT_SECRET", "s3cret")
                .with("POSTDESK_OAUTH2_SCOPE", "https://outlook.office365.com/.default");
        world.greenMail.getUserManager().getUser(SUPPORT).setPassword("token-1");
        return world;
    }

    @Test
    void theMailboxLogsInToImapAndSmtpWithATokenFromClientCredentials() throws Exception {
        try (MailWorld world = world()) {
            world.start();
            world.send(ALICE, "Alice", SUPPORT, "Printer on fire", "It smokes.");
            assertThat(world.awaitInbox(ALICE, 1).get(0).getSubject()).startsWith("Re: Printer on fire [TKT-");
            assertThat(requests).isNotEmpty().allSatisfy(form -> {
                assertThat(form).containsEntry("grant_type", "client_credentials").containsEntry("client_id", "postdesk-app")
                        .containsEntry("client_secret", "s3cret").containsEntry("scope", "https://outlook.office365.com/.default");
            });
            // one token serves the IMAP, IDLE and SMTP logins while it is valid
            assertThat(requests).hasSize(1);
            String metrics = get(world, "/metrics");
            assertThat(metrics).containsPattern("postdesk_imap_token_expires_seconds\\{mailbox=\"default\"} 3[0-9]{3}");
            assertThat(metrics).contains("postdesk_imap_failing_seconds{mailbox=\"default\"} 0.0");
        }
    }

    @Test
    void aTokenTheServerRefusesMakesHealthDegradedWithTheReasonAndAFreshOneLogsInAgain() throws Exception {
        try (MailWorld world = world()) {
            nextToken = "revoked-token";
            world.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> get(world, "/healthz").contains("degraded"));
            assertThat(get(world, "/healthz")).contains("imap").containsIgnoringCase("invalid");
            nextToken = "token-1"; // the endpoint hands out a good token again
            world.send(ALICE, "Alice", SUPPORT, "After the outage", "Still there?");
            assertThat(world.awaitInbox(ALICE, 1).get(0).getSubject()).startsWith("Re: After the outage [TKT-");
            await().atMost(Duration.ofSeconds(20)).until(() -> get(world, "/healthz").contains("\"ok\""));
            assertThat(requests.size()).as("the refused token was not used again").isGreaterThan(1);
        }
    }

    @Test
    void theAgentsAreToldOnceWhenTheMailboxHasNotLoggedInForHalfAnHour() throws Exception {
        // IMAP's token is refused; SMTP (a relay without a login here) still carries the alert
        try (MailWorld world = world().with("POSTDESK_SMTP_AUTH", "password").with("POSTDESK_SMTP_USER", "")) {
            nextToken = "revoked-token";
            world.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> get(world, "/healthz").contains("degraded"));
            world.daemon().fireTimers();
            world.clock.advance(Duration.ofMinutes(29));
            world.daemon().fireTimers();
            world.clock.advance(Duration.ofMinutes(2)); // 31 minutes of failed logins: past login.alert.after
            world.daemon().fireTimers();
            world.daemon().fireTimers();
            List<jakarta.mail.internet.MimeMessage> alerts = world.awaitInbox(MailWorld.AGENT1, 1);
            assertThat(alerts.get(0).getSubject()).isEqualTo("Postdesk cannot log in to IMAP for " + SUPPORT);
            assertThat(MailWorld.text(alerts.get(0))).contains("nothing is lost").containsIgnoringCase("invalid");
            world.clock.advance(Duration.ofHours(2));
            world.daemon().fireTimers();
            // one mail an outage, not one a poll
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> world.inbox(MailWorld.AGENT1).size() == 1);
            assertThat(world.inbox(MailWorld.AGENT2)).hasSize(1);
        }
    }

    private static String get(MailWorld world, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + world.daemon().httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
