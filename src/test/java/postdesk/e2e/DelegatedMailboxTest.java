package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.SUPPORT;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.cli.Main;
import postdesk.daemon.Core;
import postdesk.store.Database;
import postdesk.testing.MailWorld;

/**
 * A delegated mailbox (issue 15, {@code oauth2.grant = refresh_token}): {@code postdesk oauth
 * login} runs the authorization-code flow with PKCE against an authorization server on loopback,
 * the browser being this test's HTTP client; the daemon then logs in to GreenMail's IMAP and SMTP
 * with access tokens from the stored refresh token, which the server rotates on every use.
 */
class DelegatedMailboxTest {
    @TempDir
    Path dir;
    HttpServer authServer;
    /** The state of the authorization server: codes handed out with their PKCE challenge, the one valid refresh token. */
    final Map<String, String> challengeOfCode = new HashMap<>();
    volatile String validRefreshToken;
    volatile int issued;
    final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (authServer != null) authServer.stop(0);
    }

    private MailWorld world() throws Exception {
        authServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        authServer.createContext("/authorize", this::authorize);
        authServer.createContext("/token", this::token);
        authServer.start();
        String base = "http://127.0.0.1:" + authServer.getAddress().getPort();
        MailWorld world = new MailWorld(dir)
                .with("POSTDESK_IMAP_AUTH", "oauth2")
                .with("POSTDESK_SMTP_AUTH", "oauth2")
                .with("POSTDESK_SMTP_USER", SUPPORT)
                .with("POSTDESK_OAUTH2_GRANT", "refresh_token")
                .with("POSTDESK_OAUTH2_AUTH_URL", base + "/authorize")
                .with("POSTDESK_OAUTH2_TOKEN_URL", base + "/token")
                .with("POSTDESK_OAUTH2_CLIENT_ID", "desk-app")
                .with("POSTDESK_OAUTH2_SCOPE", "mail offline_access");
        // GreenMail checks an XOAUTH2 token as the account's password: the access token every refresh hands out
        world.greenMail.getUserManager().getUser(SUPPORT).setPassword("access-token");
        return world;
    }

    /** The browser's side of the sign-in: the user agrees at once, and is sent to the redirect with a code. */
    private void authorize(HttpExchange exchange) throws java.io.IOException {
        Map<String, String> q = form(exchange.getRequestURI().getRawQuery());
        String code = "code-" + challengeOfCode.size();
        boolean ok = "code".equals(q.get("response_type")) && "desk-app".equals(q.get("client_id"))
                && "S256".equals(q.get("code_challenge_method")) && q.get("code_challenge") != null;
        if (ok) challengeOfCode.put(code, q.get("code_challenge"));
        String location = q.get("redirect_uri") + "?" + (ok ? "code=" + code : "error=invalid_request") + "&state=" + q.get("state");
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws java.io.IOException {
        Map<String, String> f = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        tokenRequests.add(f);
        String error = null;
        if (!"desk-app".equals(f.get("client_id"))) {
            error = "invalid_client";
        } else if ("authorization_code".equals(f.get("grant_type"))) {
            String challenge = challengeOfCode.remove(f.get("code"));
            if (challenge == null || !challenge.equals(s256(f.get("code_verifier")))) error = "invalid_grant";
        } else if ("refresh_token".equals(f.get("grant_type"))) {
            if (!f.get("refresh_token").equals(validRefreshToken)) error = "invalid_grant";
        } else {
            error = "unsupported_grant_type";
        }
        String body;
        if (error == null) {
            validRefreshToken = "refresh-" + (++issued); // rotated on every use; the old one is refused from now on
            body = "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"access-token\",\"refresh_token\":\""
                    + validRefreshToken + "\"}";
        } else {
            body = "{\"error\":\"" + error + "\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(error == null ? 200 : 400, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void signedInOnceFromTheCliTheDaemonLogsInWithRotatedRefreshTokens() throws Exception {
        try (MailWorld world = world()) {
            StringWriter out = new StringWriter();
            CompletableFuture<Integer> login = CompletableFuture.supplyAsync(() ->
                    Main.execute(new String[] {"oauth", "login"}, world.env(), new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)));
            // the operator opens the printed address; the browser follows the redirect back to the command
            Pattern url = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/authorize\\?\\S+)");
            String address = await().atMost(Duration.ofSeconds(20)).until(() -> {
                Matcher m = url.matcher(out.toString());
                return m.find() ? m.group(1) : null;
            }, a -> a != null);
            HttpResponse<String> page = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                    .send(HttpRequest.newBuilder(URI.create(address)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("signed in");
            assertThat(login.get()).as(out.toString()).isEqualTo(0);
            assertThat(out.toString()).contains("ok      mailbox default signed in");
            assertThat(tokenRequests.get(0)).containsEntry("grant_type", "authorization_code").containsKey("code_verifier")
                    .doesNotContainKey("client_secret"); // a public client: PKCE proves it
            assertThat(validRefreshToken).isEqualTo("refresh-1");
            try (Database db = Database.open(world.config().database().url(), "", "")) {
                String stored = db.dsl().fetchValue("SELECT refresh_token FROM oauth_token WHERE mailbox = 'default'").toString();
                assertThat(stored).startsWith("v1.").doesNotContain("refresh-1"); // sealed
            }

            world.start();
            world.send(ALICE, "Alice", SUPPORT, "Printer on fire", "It smokes.");
            assertThat(world.awaitInbox(ALICE, 1).get(0).getSubject()).startsWith("Re: Printer on fire [TKT-");
            assertThat(tokenRequests).anySatisfy(f -> assertThat(f).containsEntry("grant_type", "refresh_token")
                    .containsEntry("refresh_token", "refresh-1"));
            // the rotated token replaced the stored one: the next refresh uses it, and the server accepts it
            assertThat(Core.refreshTokens(world.config(), world.daemon().db(), Clock.systemUTC()).current("default"))
                    .contains(validRefreshToken);
            assertThat(validRefreshToken).isNotEqualTo("refresh-1");
        }
    }

    @Test
    void withoutASignInTheMailboxIsDegradedAndSaysHowToSignIn() throws Exception {
        try (MailWorld world = world()) {
            world.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> health(world).contains("degraded"));
            assertThat(health(world)).contains("postdesk oauth login default");
        }
    }

    private static String health(MailWorld world) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + world.daemon().httpPort() + "/healthz"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> f = new HashMap<>();
        if (raw == null) return f;
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            f.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return f;
    }
}
